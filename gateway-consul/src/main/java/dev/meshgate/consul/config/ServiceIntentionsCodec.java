package dev.meshgate.consul.config;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.INT;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.TIME;
import static dev.meshgate.consul.internal.json.Shape.listOf;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Json;
import dev.meshgate.consul.internal.json.Out;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.core.intentions.Action;
import dev.meshgate.core.intentions.IntentionHttpHeaderPermission;
import dev.meshgate.core.intentions.IntentionHttpPermission;
import dev.meshgate.core.intentions.IntentionJwtClaimVerification;
import dev.meshgate.core.intentions.IntentionJwtProvider;
import dev.meshgate.core.intentions.IntentionJwtRequirement;
import dev.meshgate.core.intentions.IntentionPermission;
import dev.meshgate.core.intentions.ServiceIntentions;
import dev.meshgate.core.intentions.SourceIntention;
import java.util.List;
import java.util.Optional;

/**
 * {@code service-intentions} (agent/structs/config_entry_intentions.go). Normalization and
 * validation are core's ({@link ServiceIntentions.Builder#build()} and {@link
 * ServiceIntentions#normalize()}); what the codec adds is what core's
 * model cannot hold: the legacy fields, which Consul clears on write ({@code LegacyID}, the legacy
 * times) or refuses ({@code LegacyMeta}), an action that is neither {@code allow} nor {@code deny},
 * and the written {@code Precedence}, which Consul recomputes.
 */
final class ServiceIntentionsCodec extends KindCodec<ServiceIntentions> {
  private static final Shape.Struct CLAIM = struct()
      .field("Path", STRING_LIST)
      .field("Value", STRING)
      .build();

  private static final Shape.Struct JWT_PROVIDER = struct()
      .field("Name", STRING)
      .field("VerifyClaims", listOf(CLAIM), "verify_claims")
      .build();

  private static final Shape.Struct JWT = struct()
      .field("Providers", listOf(JWT_PROVIDER))
      .build();

  private static final Shape.Struct HEADER = struct()
      .field("Name", STRING)
      .field("Present", BOOL)
      .field("Exact", STRING)
      .field("Prefix", STRING)
      .field("Suffix", STRING)
      .field("Regex", STRING)
      .field("Invert", BOOL)
      .build();

  private static final Shape.Struct HTTP = struct()
      .field("PathExact", STRING, "path_exact")
      .field("PathPrefix", STRING, "path_prefix")
      .field("PathRegex", STRING, "path_regex")
      .field("Header", listOf(HEADER))
      .field("Methods", STRING_LIST)
      .build();

  private static final Shape.Struct PERMISSION = struct()
      .field("Action", STRING)
      .field("HTTP", HTTP)
      .field("JWT", JWT)
      .build();

  private static final Shape.Struct SOURCE = struct()
      .field("Name", STRING)
      .field("Action", STRING)
      .field("Permissions", listOf(PERMISSION))
      .field("Precedence", INT)
      .field("LegacyID", STRING, "legacy_id")
      .field("Type", STRING)
      .field("Description", STRING)
      .field("LegacyMeta", STRING_MAP, "legacy_meta")
      .field("LegacyCreateTime", TIME, "legacy_create_time")
      .field("LegacyUpdateTime", TIME, "legacy_update_time")
      .enterpriseMeta()
      .field("Peer", STRING)
      .field("SamenessGroup", STRING, "sameness_group")
      .build();

  private static final Shape.Struct SCHEMA = struct()
      .field("Name", STRING)
      .field("Sources", listOf(SOURCE))
      .field("JWT", JWT)
      .field("Meta", STRING_MAP)
      .enterpriseMeta()
      .build();

  @Override
  String kind() {
    return ServiceIntentions.KIND;
  }

  @Override
  Class<ServiceIntentions> type() {
    return ServiceIntentions.class;
  }

  @Override
  Shape.Struct schema() {
    return SCHEMA;
  }

  @Override
  ServiceIntentions toModel(Doc entry, List<Issue> issues) {
    ServiceIntentions.Builder b = ServiceIntentions.builder()
        .name(entry.str("Name"))
        .namespace(entry.str("Namespace"))
        .partition(entry.str("Partition"));
    entry.object("JWT").ifPresent(jwt -> b.jwt(jwt(jwt)));
    entry.stringMap("Meta").forEach(b::meta);
    for (Doc src : entry.list("Sources")) {
      b.source(source(src, issues));
    }
    if (!issues.isEmpty()) {
      return null;
    }
    // build() checks with Consul's messages; normalize() then writes it as Consul stores it.
    ServiceIntentions written = attempt(b::build, "", issues);
    return written == null ? null : written.normalize();
  }

  private static SourceIntention source(Doc src, List<Issue> issues) {
    SourceIntention.Builder b = SourceIntention.builder()
        .name(src.str("Name"))
        .namespace(src.str("Namespace"))
        .partition(src.str("Partition"))
        .peer(src.str("Peer"))
        .samenessGroup(src.str("SamenessGroup"))
        .type(src.str("Type"))
        .description(src.str("Description"));
    action(src, issues).ifPresent(b::action);
    if (!src.stringMap("LegacyMeta").isEmpty()) {
      issues.add(new Issue("", src.path() + ".LegacyMeta must be omitted"));
    }
    for (Doc perm : src.list("Permissions")) {
      IntentionPermission.Builder p = IntentionPermission.builder();
      action(perm, issues).ifPresent(p::action);
      perm.object("HTTP").ifPresent(http -> p.http(http(http)));
      perm.object("JWT").ifPresent(jwt -> p.jwt(jwt(jwt)));
      b.permission(p.build());
    }
    return b.build();
  }

  /** Consul compares actions exactly; anything but allow or deny fails with Consul's message. */
  private static Optional<Action> action(Doc d, List<Issue> issues) {
    String a = d.str("Action");
    switch (a) {
      case "allow" -> {
        return Optional.of(Action.ALLOW);
      }
      case "deny" -> {
        return Optional.of(Action.DENY);
      }
      case "" -> {
        return Optional.empty();
      }
      default -> {
        issues.add(new Issue("", d.path() + ".Action must be set to 'allow' or 'deny'"));
        return Optional.empty();
      }
    }
  }

  private static IntentionHttpPermission http(Doc d) {
    IntentionHttpPermission.Builder b = IntentionHttpPermission.builder()
        .pathExact(d.str("PathExact"))
        .pathPrefix(d.str("PathPrefix"))
        .pathRegex(d.str("PathRegex"));
    List<String> methods = d.strings("Methods");
    if (!methods.isEmpty()) {
      b.methods(methods.toArray(String[]::new));
    }
    for (Doc h : d.list("Header")) {
      IntentionHttpHeaderPermission.Builder hb = IntentionHttpHeaderPermission.builder()
          .name(h.str("Name"))
          .exact(h.str("Exact"))
          .prefix(h.str("Prefix"))
          .suffix(h.str("Suffix"))
          .regex(h.str("Regex"));
      if (h.bool("Present")) {
        hb.present();
      }
      if (h.bool("Invert")) {
        hb.invert();
      }
      b.header(hb.build());
    }
    return b.build();
  }

  private static IntentionJwtRequirement jwt(Doc d) {
    IntentionJwtRequirement.Builder b = IntentionJwtRequirement.builder();
    for (Doc p : d.list("Providers")) {
      IntentionJwtProvider.Builder pb = IntentionJwtProvider.builder().name(p.str("Name"));
      for (Doc c : p.list("VerifyClaims")) {
        pb.verifyClaim(new IntentionJwtClaimVerification(c.strings("Path"), c.str("Value")));
      }
      b.provider(pb.build());
    }
    return b.build();
  }

  @Override
  ObjectNode toJson(ServiceIntentions model) {
    ServiceIntentions n = model.normalize();
    return Out.object()
        .str("Name", n.name())
        .list("Sources", n.sources(), s -> source(s, n))
        .object("JWT", jwt(n.jwt()))
        .map("Meta", n.meta())
        .str("Partition", nonDefault(n.partition()))
        .str("Namespace", nonDefault(n.namespace()))
        .node();
  }

  private static Out source(SourceIntention s, ServiceIntentions entry) {
    return Out.object()
        .str("Name", s.name())
        .str("Action", s.action().map(Action::wireName).orElse(""))
        .list("Permissions", s.permissions(), ServiceIntentionsCodec::permission)
        .always("Precedence", Json.nodes().numberNode(s.precedence()))
        .str("Type", s.type())
        .str("Description", s.description())
        .str("Partition", unlessInherited(s.partition(), omitted(s, entry.partition())))
        .str("Namespace", unlessInherited(s.namespace(), omitted(s, entry.namespace())))
        .str("Peer", s.peer())
        .str("SamenessGroup", s.samenessGroup());
  }

  /**
   * What a source's omitted namespace or partition becomes when read back: a peered or
   * sameness-group source, and any source under a {@code *} destination value, does not inherit.
   */
  private static String omitted(SourceIntention s, String destinationValue) {
    boolean remote = !s.peer().isEmpty() || !s.samenessGroup().isEmpty();
    return remote || "*".equals(destinationValue) ? "" : destinationValue;
  }

  private static Out permission(IntentionPermission p) {
    return Out.object()
        .str("Action", p.action().map(Action::wireName).orElse(""))
        .object("HTTP", p.http().map(ServiceIntentionsCodec::http).orElse(null))
        .object("JWT", jwt(p.jwt()));
  }

  private static Out http(IntentionHttpPermission h) {
    return Out.object()
        .str("PathExact", h.pathExact())
        .str("PathPrefix", h.pathPrefix())
        .str("PathRegex", h.pathRegex())
        .list("Header", h.header(), hdr -> Out.object()
            .str("Name", hdr.name())
            .bool("Present", hdr.present())
            .str("Exact", hdr.exact())
            .str("Prefix", hdr.prefix())
            .str("Suffix", hdr.suffix())
            .str("Regex", hdr.regex())
            .bool("Invert", hdr.invert()))
        .strings("Methods", h.methods());
  }

  private static Out jwt(IntentionJwtRequirement jwt) {
    if (jwt.isEmpty()) {
      return null;
    }
    return Out.object().list("Providers", jwt.providers(), p -> Out.object()
        .str("Name", p.name())
        .list("VerifyClaims", p.verifyClaims(), c -> Out.object()
            .strings("Path", c.path())
            .str("Value", c.value())));
  }
}
