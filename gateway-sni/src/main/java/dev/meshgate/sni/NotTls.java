package dev.meshgate.sni;

import java.util.Objects;

/**
 * The stream does not start with a TLS handshake record: its first byte is not the handshake
 * content type 22, or the record's major version is not 3 (and it is not an SSLv2-compatible
 * ClientHello either). Plain HTTP, a PROXY protocol header or SSH land here; a caller may treat
 * the connection as plaintext. Immutable and thread-safe.
 *
 * @param reason which byte decided it, e.g. {@code first byte 0x47 is not the handshake content
 *     type 22}
 */
public record NotTls(String reason) implements ParseResult {
  /**
   * Checks the reason.
   *
   * @param reason which byte decided it
   * @throws NullPointerException if {@code reason} is null
   */
  public NotTls {
    Objects.requireNonNull(reason, "reason");
  }

  /** Returns {@code not TLS: <reason>}. */
  @Override
  public String toString() {
    return "not TLS: " + reason;
  }
}
