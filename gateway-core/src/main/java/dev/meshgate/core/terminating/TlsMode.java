package dev.meshgate.core.terminating;

import java.util.Optional;

/**
 * How a terminating gateway connects to a linked service outside the mesh, derived from the
 * {@code CAFile}, {@code CertFile}, {@code KeyFile} and {@code SNI} of its link exactly as Consul
 * does:
 *
 * <table>
 *   <caption>TLS mode by the files that are set</caption>
 *   <tr><th>CAFile</th><th>CertFile</th><th>KeyFile</th><th>mode</th></tr>
 *   <tr><td>-</td><td>-</td><td>-</td><td>{@link None}: plaintext</td></tr>
 *   <tr><td>set</td><td>-</td><td>-</td><td>{@link OneWay}: verify the server against CAFile</td></tr>
 *   <tr><td>set</td><td>set</td><td>set</td><td>{@link Mutual}: also present the client certificate</td></tr>
 *   <tr><td colspan="3">any other combination</td><td>rejected</td></tr>
 * </table>
 *
 * <p>The file names are paths on the gateway's host, kept as written. When an {@code SNI} is set,
 * it is sent in the ClientHello and the server certificate must carry a SAN equal to it; without
 * one, plaintext ignores it.
 *
 * <p>Values are immutable records and thread-safe.
 */
public sealed interface TlsMode permits TlsMode.None, TlsMode.OneWay, TlsMode.Mutual {

  /**
   * Returns the plaintext mode.
   *
   * @return the shared {@link None} instance
   */
  static TlsMode none() {
    return None.INSTANCE;
  }

  /**
   * Derives the mode from a link's settings, treating empty strings as unset.
   *
   * @param caFile the {@code CAFile}, or empty
   * @param certFile the {@code CertFile}, or empty
   * @param keyFile the {@code KeyFile}, or empty
   * @param sni the {@code SNI}, or empty
   * @return the mode
   * @throws IllegalArgumentException when a certificate or key is given without all three files
   */
  static TlsMode of(String caFile, String certFile, String keyFile, String sni) {
    Optional<String> serverName = sni.isEmpty() ? Optional.empty() : Optional.of(sni);
    if (certFile.isEmpty() && keyFile.isEmpty()) {
      return caFile.isEmpty() ? none() : new OneWay(caFile, serverName);
    }
    if (caFile.isEmpty() || certFile.isEmpty() || keyFile.isEmpty()) {
      throw new IllegalArgumentException(
          "TLS files: CAFile " + state(caFile) + ", CertFile " + state(certFile) + ", KeyFile " + state(keyFile)
              + " (expected: none of them, CAFile alone, or all three)");
    }
    return new Mutual(caFile, certFile, keyFile, serverName);
  }

  private static String state(String file) {
    return file.isEmpty() ? "unset" : "set";
  }

  /**
   * Tells whether the gateway originates TLS (one-way or mutual).
   *
   * @return false for plaintext
   */
  default boolean originatesTls() {
    return !(this instanceof None);
  }

  /** Plaintext: the gateway speaks to the service without TLS. */
  record None() implements TlsMode {
    private static final None INSTANCE = new None();
  }

  /**
   * One-way TLS: the gateway verifies the service's certificate against {@code caFile} and
   * presents no certificate of its own.
   *
   * @param caFile path of the PEM bundle of CA certificates to trust
   * @param sni the server name to send and to require as a SAN, if any
   */
  record OneWay(String caFile, Optional<String> sni) implements TlsMode {
    /**
     * Validates the settings.
     *
     * @param caFile path of the PEM bundle of CA certificates to trust
     * @param sni the server name to send and to require as a SAN, if any
     * @throws IllegalArgumentException if {@code caFile} or a present {@code sni} is empty
     */
    public OneWay {
      requireNonEmpty("caFile", caFile);
      sni.ifPresent(s -> requireNonEmpty("sni", s));
    }
  }

  /**
   * Mutual TLS: as {@link OneWay}, and the gateway presents {@code certFile} with {@code keyFile}.
   *
   * @param caFile path of the PEM bundle of CA certificates to trust
   * @param certFile path of the PEM client certificate (chain) to present
   * @param keyFile path of the PEM private key of that certificate
   * @param sni the server name to send and to require as a SAN, if any
   */
  record Mutual(String caFile, String certFile, String keyFile, Optional<String> sni) implements TlsMode {
    /**
     * Validates the settings.
     *
     * @param caFile path of the PEM bundle of CA certificates to trust
     * @param certFile path of the PEM client certificate (chain) to present
     * @param keyFile path of the PEM private key of that certificate
     * @param sni the server name to send and to require as a SAN, if any
     * @throws IllegalArgumentException if a file or a present {@code sni} is empty
     */
    public Mutual {
      requireNonEmpty("caFile", caFile);
      requireNonEmpty("certFile", certFile);
      requireNonEmpty("keyFile", keyFile);
      sni.ifPresent(s -> requireNonEmpty("sni", s));
    }
  }

  private static void requireNonEmpty(String field, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + ": \"\" (expected: a non-empty value)");
    }
  }
}
