package dev.meshgate.core.ingress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Consul's {@code validateTLSConfig} for gateway and listener TLS: known versions, max not below
 * min, cipher suites only where TLS 1.2 or earlier can be negotiated, and only suites Envoy knows.
 */
final class TlsSettingsCheck {
  /** Consul's versions, in the order its message lists them (sorted). */
  static final List<String> VERSIONS = List.of("TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3");

  private static final Map<String, Integer> ORDER = Map.of("TLSv1_0", 1, "TLSv1_1", 2, "TLSv1_2", 3, "TLSv1_3", 4);

  /** The minimum versions with which cipher suites can be configured ({@code ""} is unset). */
  private static final Set<String> CONFIGURABLE_SUITES = Set.of("", "TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2");

  /** The TLS 1.2 suites Envoy accepts (Consul's {@code envoyTLSCipherSuiteStrings}). */
  static final Set<String> ENVOY_SUITES = Set.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_RSA_WITH_AES_256_CBC_SHA");

  private TlsSettingsCheck() {}

  /**
   * Records Consul's problems with one TLS block. Consul stops at the first; here an unknown
   * maximum is reported even after an unknown minimum, and only the checks that depend on a valid
   * value are skipped.
   */
  static void check(GatewayTls tls, Consumer<String> problems) {
    String min = tls.minVersion();
    String max = tls.maxVersion();
    boolean minKnown = min.isEmpty() || VERSIONS.contains(min);
    boolean maxKnown = max.isEmpty() || VERSIONS.contains(max);
    if (!minKnown) {
      problems.accept(unknownVersion(min));
    }
    if (!maxKnown) {
      problems.accept(unknownVersion(max));
    } else if (minKnown && ORDER.containsKey(min) && ORDER.containsKey(max) && ORDER.get(max) < ORDER.get(min)) {
      problems.accept(String.format(Locale.ROOT,
          "configuring max version %s less than the configured min version %s is invalid", max, min));
    }
    if (!tls.cipherSuites().isEmpty() && minKnown) {
      if (!CONFIGURABLE_SUITES.contains(min)) {
        problems.accept("configuring CipherSuites is only applicable to connections negotiated with TLS 1.2 or earlier,"
            + " TLSMinVersion is set to " + min);
      } else {
        List<String> unknown = new ArrayList<>();
        for (String suite : tls.cipherSuites()) {
          if (!ENVOY_SUITES.contains(suite)) {
            unknown.add(suite);
          }
        }
        if (!unknown.isEmpty()) {
          problems.accept("no matching Envoy TLS cipher suite found for " + String.join(",", unknown));
        }
      }
    }
  }

  private static String unknownVersion(String version) {
    return "no matching TLS version found for " + version + ", please specify one of ["
        + String.join(", ", VERSIONS) + "]";
  }
}
