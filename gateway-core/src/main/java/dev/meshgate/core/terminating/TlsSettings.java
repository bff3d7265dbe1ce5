package dev.meshgate.core.terminating;

/**
 * The TLS origination fields of a terminating gateway link as written: Consul's {@code CAFile},
 * {@code CertFile}, {@code KeyFile} and {@code SNI}, each empty when unset. {@link #mode()} turns
 * them into the {@link TlsMode} a proxy acts on.
 *
 * <p>Values are paths on the gateway host and a host name, never key material, so they may appear
 * in messages. Immutable and thread-safe.
 *
 * @param caFile the {@code CAFile}, or empty
 * @param certFile the {@code CertFile}, or empty
 * @param keyFile the {@code KeyFile}, or empty
 * @param sni the {@code SNI}, or empty
 */
public record TlsSettings(String caFile, String certFile, String keyFile, String sni) {
  /** No TLS: all four fields empty. */
  public static final TlsSettings NONE = new TlsSettings("", "", "", "");

  /**
   * Returns one-way TLS settings: verify the server against {@code caFile}.
   *
   * @param caFile the CA bundle path
   * @param sni the server name to send, or empty
   * @return the settings
   */
  public static TlsSettings oneWay(String caFile, String sni) {
    return new TlsSettings(caFile, "", "", sni);
  }

  /**
   * Returns mutual TLS settings.
   *
   * @param caFile the CA bundle path
   * @param certFile the client certificate path
   * @param keyFile the client key path
   * @param sni the server name to send, or empty
   * @return the settings
   */
  public static TlsSettings mutual(String caFile, String certFile, String keyFile, String sni) {
    return new TlsSettings(caFile, certFile, keyFile, sni);
  }

  /**
   * Tells whether any of the three files is set (Consul's condition for its SNI warning).
   *
   * @return true if {@code CAFile}, {@code CertFile} or {@code KeyFile} is set
   */
  public boolean hasAnyFile() {
    return !caFile.isEmpty() || !certFile.isEmpty() || !keyFile.isEmpty();
  }

  /**
   * Tells whether the files form one of the valid combinations: none, {@code CAFile} alone, or all
   * three.
   *
   * @return false for a certificate or key without all three files
   */
  public boolean isComplete() {
    return (certFile.isEmpty() && keyFile.isEmpty()) || (!caFile.isEmpty() && !certFile.isEmpty() && !keyFile.isEmpty());
  }

  /**
   * Returns the TLS mode, by the table of {@link TlsMode}.
   *
   * @return none, one-way or mutual
   * @throws IllegalArgumentException if the files are not {@link #isComplete() complete}
   */
  public TlsMode mode() {
    return TlsMode.of(caFile, certFile, keyFile, sni);
  }
}
