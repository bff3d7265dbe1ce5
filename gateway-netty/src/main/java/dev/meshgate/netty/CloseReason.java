package dev.meshgate.netty;

/** Why a relayed connection ended, as {@link ConnectionSummary#reason()} reports it. */
public enum CloseReason {
  /** The client closed the connection, or both sides finished after half-closing. */
  CLIENT_CLOSED,
  /** The endpoint closed the connection. */
  BACKEND_CLOSED,
  /** Neither side sent or received a byte for the relay's idle timeout. */
  IDLE_TIMEOUT,
  /** No endpoint accepted a connection (or the route had none): the client was closed. */
  NO_ENDPOINT,
  /** An I/O error on either side (a reset, a TLS failure, a failed write). */
  ERROR
}
