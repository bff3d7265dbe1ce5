package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.DURATION_NANOS;
import static dev.meshgate.consul.internal.json.Shape.INT;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import java.util.List;

/**
 * {@code jwt-provider} (agent/structs/config_entry_jwt_provider.go). The model is {@link
 * JwtProvider} (name and issuer); every other field is kept as written. Durations are integer
 * nanoseconds, as Consul writes them. Consul's field-level checks of this kind (key set, locations,
 * URIs) have no counterpart in core and are not made.
 */
final class JwtProviderCodec extends KindCodec<JwtProvider> {
  private static final Shape.Struct REMOTE = struct()
      .field("URI", STRING)
      .field("RequestTimeoutMs", INT, "request_timeout_ms")
      .field("CacheDuration", DURATION_NANOS, "cache_duration")
      .field("FetchAsynchronously", BOOL, "fetch_asynchronously")
      .field("UseSNI", BOOL, "use_sni")
      .field("RetryPolicy", struct()
          .field("NumRetries", INT, "num_retries")
          .field("RetryPolicyBackOff", struct()
              .field("BaseInterval", DURATION_NANOS, "base_interval")
              .field("MaxInterval", DURATION_NANOS, "max_interval")
              .build(), "retry_policy_back_off")
          .build(), "retry_policy")
      .field("JWKSCluster", struct()
          .field("DiscoveryType", STRING, "discovery_type")
          .field("TLSCertificates", struct()
              .field("CaCertificateProviderInstance", struct()
                  .field("InstanceName", STRING, "instance_name")
                  .field("CertificateName", STRING, "certificate_name")
                  .build(), "ca_certificate_provider_instance")
              .field("TrustedCA", struct()
                  .field("Filename", STRING, "filename")
                  .field("EnvironmentVariable", STRING, "environment_variable")
                  .field("InlineString", STRING, "inline_string")
                  .field("InlineBytes", STRING, "inline_bytes")
                  .build(), "trusted_ca")
              .build(), "tls_certificates")
          .field("ConnectTimeout", DURATION_NANOS, "connect_timeout")
          .build(), "jwks_cluster")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("JSONWebKeySet", struct()
          .field("Local", struct()
              .field("JWKS", STRING)
              .field("Filename", STRING)
              .build())
          .field("Remote", REMOTE)
          .build(), "json_web_key_set")
      .field("Issuer", STRING)
      .field("Audiences", STRING_LIST)
      .field("Locations", listOf(struct()
          .field("Header", struct()
              .field("Name", STRING)
              .field("ValuePrefix", STRING, "value_prefix")
              .field("Forward", BOOL)
              .build())
          .field("QueryParam", struct().field("Name", STRING).build(), "query_param")
          .field("Cookie", struct().field("Name", STRING).build())
          .build()))
      .field("Forwarding", struct()
          .field("HeaderName", STRING, "header_name")
          // Consul's server spells the alias pad_..., its Go client pay_...: both are accepted.
          .field("PadForwardPayloadHeader", BOOL, "pad_forward_payload_header", "pay_forward_payload_header")
          .build())
      .field("ClockSkewSeconds", INT, "clock_skew_seconds")
      .field("CacheConfig", struct().field("Size", INT).build(), "cache_config")
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return "jwt-provider";
  }

  @Override
  Class<JwtProvider> type() {
    return JwtProvider.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  JwtProvider toModel(Doc entry, List<Issue> issues) {
    return attempt(() -> new JwtProvider(entry.str("Name"), entry.str("Issuer")), "", issues);
  }

  @Override
  ObjectNode normalized(Doc entry, JwtProvider model) {
    return Normalizing.copy(entry.node());
  }

  @Override
  ObjectNode toJson(JwtProvider model) {
    return Out.object().str("Name", model.name()).str("Issuer", model.issuer()).node();
  }
}
