package dev.meshgate.tls;

/**
 * How a gateway connects to a service outside the mesh: {@link Plaintext}, or TLS with an {@link
 * OriginationContext} (one-way or mutual). Mirrors {@link dev.meshgate.core.terminating.TlsMode},
 * with the files loaded.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Origination permits Origination.Plaintext, OriginationContext {

  /** No TLS: the gateway speaks plaintext to the service. */
  record Plaintext() implements Origination {
    static final Plaintext INSTANCE = new Plaintext();
  }
}
