package dev.meshgate.netty;

import dev.meshgate.core.ingress.GatewayTls;
import dev.meshgate.core.ingress.Sds;
import dev.meshgate.tls.KeyMaterial;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/*
 * The server side of an ingress TLS listener: which certificate a listener's effective TLS settings
 * name (an SDS certificate resource through the embedder's function, else the gateway's own leaf
 * when TLS.Enabled), and the server context for it: the entry's versions and TLS 1.2 suites, ALPN
 * offering h2 then http/1.1 on HTTP listeners, no client certificate. Contexts are cached per settings and key
 * material, so a rotated certificate (new KeyMaterial) gets a new context; the cache is cleared
 * when it outgrows a bound. Thread-safe.
 */
final class DownstreamTls {
  private static final int MAX_CONTEXTS = 64;
  private static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
  private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256");
  private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
      ApplicationProtocolConfig.Protocol.ALPN, ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2,
      ApplicationProtocolNames.HTTP_1_1);

  private record Key(GatewayTls tls, KeyMaterial material, boolean alpn) {}

  private final KeyMaterial gatewayCertificate;
  private final Function<Sds, KeyMaterial> sdsCertificates;
  private final Map<Key, SslContext> contexts = new ConcurrentHashMap<>();

  DownstreamTls(KeyMaterial gatewayCertificate, Function<Sds, KeyMaterial> sdsCertificates) {
    this.gatewayCertificate = gatewayCertificate;
    this.sdsCertificates = sdsCertificates;
  }

  /**
   * The server context for a listener's effective settings; {@code alpn} (HTTP listeners) offers
   * h2 and http/1.1, a tcp listener's context offers no protocol.
   *
   * @throws SSLException when no certificate is configured for them, or the settings are unusable
   */
  SslContext context(GatewayTls tls, boolean alpn) throws SSLException {
    KeyMaterial material = material(tls);
    Key key = new Key(tls, material, alpn);
    SslContext context = contexts.get(key);
    if (context == null) {
      context = build(tls, material, alpn);
      if (contexts.size() >= MAX_CONTEXTS) {
        contexts.clear();
      }
      contexts.put(key, context);
    }
    return context;
  }

  private KeyMaterial material(GatewayTls tls) throws SSLException {
    if (tls.sds().map(Sds::hasCertResource).orElse(false)) {
      Sds sds = tls.sds().get();
      KeyMaterial material = sdsCertificates == null ? null : sdsCertificates.apply(sds);
      if (material == null) {
        throw new SSLException("no certificate for SDS certificate resource \"" + sds.certResource()
            + "\" of cluster \"" + sds.clusterName() + "\" (set IngressGatewayInitializer.Builder.sdsCertificates)");
      }
      return material;
    }
    if (gatewayCertificate == null) {
      throw new SSLException("TLS.Enabled but no gateway certificate (set IngressGatewayInitializer.Builder"
          + ".gatewayCertificate)");
    }
    return gatewayCertificate;
  }

  private static SslContext build(GatewayTls tls, KeyMaterial material, boolean alpn) throws SSLException {
    SslContextBuilder b = SslContextBuilder.forServer(material.privateKey(),
        material.chain().toArray(new X509Certificate[0]));
    if (alpn) {
      b.applicationProtocolConfig(ALPN);
    }
    b.protocols(protocols(tls.minVersion(), tls.maxVersion()).toArray(new String[0]));
    if (!tls.cipherSuites().isEmpty()) {
      // CipherSuites constrain TLS 1.2 and older only, as in Envoy; TLS 1.3 keeps its own suites
      List<String> suites = new ArrayList<>(tls.cipherSuites());
      suites.addAll(TLS13_SUITES);
      b.ciphers(suites);
    }
    return b.build();
  }

  /** The JDK protocol names from min to max; unset (or TLS_AUTO) means TLS 1.2 to TLS 1.3, Envoy's server defaults. */
  static List<String> protocols(String min, String max) throws SSLException {
    int from = version(min, "TLSMinVersion", 2);
    int to = version(max, "TLSMaxVersion", 3);
    if (from > to) {
      throw new SSLException("TLSMinVersion " + min + " is above TLSMaxVersion " + max);
    }
    return VERSIONS.subList(from, to + 1);
  }

  private static int version(String value, String field, int unset) throws SSLException {
    switch (value) {
      case "":
      case "TLS_AUTO":
        return unset;
      case "TLSv1_0":
        return 0;
      case "TLSv1_1":
        return 1;
      case "TLSv1_2":
        return 2;
      case "TLSv1_3":
        return 3;
      default:
        throw new SSLException(field + ": unknown version " + value);
    }
  }
}
