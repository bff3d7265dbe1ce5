package dev.meshgate.sni.netty;

import dev.meshgate.sni.NotTls;

/** What the sniffing handler does with a connection whose first bytes are {@link NotTls not TLS}. */
public enum NotTlsPolicy {
  /**
   * Close the connection after firing {@link SniffEvent.Rejected}: a TLS-only listener fails
   * closed. The default.
   */
  CLOSE,
  /**
   * Treat the connection as plaintext: the {@link Decider} receives the {@link NotTls} result and
   * decides; when it forwards, the bytes go on unchanged, as for a ClientHello.
   */
  PASS
}
