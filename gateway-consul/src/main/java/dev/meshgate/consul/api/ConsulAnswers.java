package dev.meshgate.consul.api;

import static dev.meshgate.consul.internal.json.Shape.BOOL;
import static dev.meshgate.consul.internal.json.Shape.INT;
import static dev.meshgate.consul.internal.json.Shape.OPAQUE_MAP;
import static dev.meshgate.consul.internal.json.Shape.STRING;
import static dev.meshgate.consul.internal.json.Shape.STRING_LIST;
import static dev.meshgate.consul.internal.json.Shape.STRING_MAP;
import static dev.meshgate.consul.internal.json.Shape.TIME;
import static dev.meshgate.consul.internal.json.Shape.struct;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.config.ConfigDirectory;
import dev.meshgate.consul.config.ConfigEntryCodec;
import dev.meshgate.consul.config.ConfigProblem;
import dev.meshgate.consul.config.Decoded;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Json;
import dev.meshgate.consul.internal.json.Shape;
import dev.meshgate.consul.internal.json.TreeDecoder;
import dev.meshgate.core.catalog.HealthStatus;
import dev.meshgate.core.catalog.Node;
import dev.meshgate.core.catalog.ServiceAddress;
import dev.meshgate.core.catalog.ServiceInstance;
import dev.meshgate.core.catalog.ServiceKind;
import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.catalog.Weights;
import dev.meshgate.core.intentions.DefaultPolicy;
import dev.meshgate.core.intentions.IntentionSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/*
 * Answers are read leniently where config entries are read strictly: a key the schema does not
 * name is skipped (Consul adds fields to its answers between releases), but every field that is
 * read must have its documented type, and every value a gateway acts on must make sense (a health
 * status Consul does not define is an error, not "passing"). An answer with any problem is refused
 * whole, so that a caller never acts on half of one.
 */

/**
 * Decodes the answers of Consul's HTTP API that a gateway needs into meshgate values. Each method
 * takes the endpoint the answer came from (for messages) and the answer's body; it returns the
 * values, or throws {@link AnswerException} naming the endpoint and every problem with its JSON
 * path. Stateless and thread-safe.
 */
public final class ConsulAnswers {
  private static final Shape.Struct NODE = struct()
      .field("ID", STRING)
      .field("Node", STRING)
      .field("Address", STRING)
      .field("Datacenter", STRING)
      .field("Partition", STRING)
      .field("TaggedAddresses", STRING_MAP)
      .field("Meta", STRING_MAP)
      .build();

  private static final Shape.Struct SERVICE_ADDRESS = struct()
      .field("Address", STRING)
      .field("Port", INT)
      .build();

  private static final Shape.Struct SERVICE = struct()
      .field("Kind", STRING)
      .field("ID", STRING)
      .field("Service", STRING)
      .field("Tags", STRING_LIST)
      .field("Address", STRING)
      .field("TaggedAddresses", OPAQUE_MAP)
      .field("Meta", STRING_MAP)
      .field("Port", INT)
      .field("Weights", struct().field("Passing", INT).field("Warning", INT).build())
      .field("Proxy", struct().field("DestinationServiceName", STRING).build())
      .field("Connect", struct().field("Native", BOOL).build())
      .field("Namespace", STRING)
      .field("Partition", STRING)
      .build();

  private static final Shape.Struct CHECK = struct()
      .field("CheckID", STRING)
      .field("Status", STRING)
      .field("ServiceID", STRING)
      .build();

  private static final Shape.Struct HEALTH_ENTRY = struct()
      .field("Node", NODE)
      .field("Service", SERVICE)
      .field("Checks", Shape.listOf(CHECK))
      .build();

  private static final Shape.Struct COMPOUND_NAME = struct()
      .field("Name", STRING)
      .field("Namespace", STRING)
      .field("Partition", STRING)
      .build();

  private static final Shape.Struct GATEWAY_SERVICE = struct()
      .field("Gateway", COMPOUND_NAME)
      .field("Service", COMPOUND_NAME)
      .field("GatewayKind", STRING)
      .field("Port", INT)
      .field("Protocol", STRING)
      .field("Hosts", STRING_LIST)
      .field("CAFile", STRING)
      .field("CertFile", STRING)
      .field("KeyFile", STRING)
      .field("SNI", STRING)
      .field("FromWildcard", BOOL)
      .build();

  private static final Shape.Struct CA_ROOT = struct()
      .field("ID", STRING)
      .field("Name", STRING)
      .field("RootCert", STRING)
      .field("IntermediateCerts", STRING_LIST)
      .field("Active", BOOL)
      .build();

  private static final Shape.Struct CA_ROOTS = struct()
      .field("ActiveRootID", STRING)
      .field("TrustDomain", STRING)
      .field("Roots", Shape.listOf(CA_ROOT))
      .build();

  private static final Shape.Struct LEAF = struct()
      .field("SerialNumber", STRING)
      .field("CertPEM", STRING)
      .field("PrivateKeyPEM", STRING)
      .field("Service", STRING)
      .field("ServiceURI", STRING)
      .field("ValidAfter", TIME)
      .field("ValidBefore", TIME)
      .build();

  private ConsulAnswers() {}

  /**
   * Decodes {@code /v1/health/service/<service>} (with or without {@code ?connect}): one {@link
   * ServiceInstance} per entry, on its node, with its health the worst status of the entry's checks
   * (its own and its node's; no checks is passing). A check status other than {@code passing},
   * {@code warning} or {@code critical} (Consul's {@code maintenance} included, which Consul reports
   * as critical) is an error: health fails closed.
   *
   * @param endpoint the endpoint, for messages
   * @param datacenter the datacenter asked, used when a node does not name its own
   * @param json the answer's body
   * @return the instances, in the answer's order
   * @throws AnswerException if the answer is not a list of health entries
   */
  public static List<ServiceInstance> healthService(String endpoint, String datacenter, byte[] json)
      throws AnswerException {
    Objects.requireNonNull(datacenter, "datacenter");
    Problems problems = new Problems(endpoint);
    JsonNode root = parse(endpoint, json);
    List<ServiceInstance> out = new ArrayList<>();
    for (Doc entry : objects(root, HEALTH_ENTRY, problems)) {
      ServiceInstance instance = instance(entry, datacenter, problems);
      if (instance != null) {
        out.add(instance);
      }
    }
    problems.throwIfAny();
    return List.copyOf(out);
  }

  private static ServiceInstance instance(Doc entry, String datacenter, Problems problems) {
    Doc node = entry.object("Node").orElse(null);
    Doc service = entry.object("Service").orElse(null);
    if (node == null || service == null) {
      problems.add(entry.path(node == null ? "Node" : "Service"), "expected an object");
      return null;
    }
    HealthStatus health = HealthStatus.PASSING;
    for (Doc check : entry.list("Checks")) {
      HealthStatus status = switch (check.str("Status")) {
        case "passing" -> HealthStatus.PASSING;
        case "warning" -> HealthStatus.WARNING;
        case "critical" -> HealthStatus.CRITICAL;
        default -> null;
      };
      if (status == null) {
        problems.add(check.path("Status"), "expected \"passing\", \"warning\" or \"critical\"");
        return null;
      }
      health = health.worse(status);
    }
    ServiceKind kind = kind(service, problems);
    if (kind == null) {
      return null;
    }
    Map<String, ServiceAddress> tagged = new LinkedHashMap<>();
    JsonNode taggedNode = service.raw("TaggedAddresses");
    if (taggedNode != null) {
      for (Map.Entry<String, JsonNode> e : taggedNode.properties()) {
        String path = service.path("TaggedAddresses") + "[" + e.getKey() + "]";
        if (!e.getValue().isObject()) {
          problems.add(path, "expected an object");
          return null;
        }
        TreeDecoder.Result r = TreeDecoder.decodeAnswer((ObjectNode) e.getValue(), SERVICE_ADDRESS, path);
        if (!problems.addAll(r.issues())) {
          return null;
        }
        Doc a = new Doc(r.value(), path);
        tagged.put(e.getKey(), new ServiceAddress(a.str("Address"), (int) a.integer("Port")));
      }
    }
    try {
      String dc = node.str("Datacenter").isEmpty() ? datacenter : node.str("Datacenter");
      boolean external = "true".equals(node.stringMap("Meta").get("external-node"));
      Node n = new Node(node.str("Node"), dc, node.str("Partition"), node.str("Address"),
          node.stringMap("TaggedAddresses"), node.stringMap("Meta"), !external);
      Weights weights = service.object("Weights")
          .map(w -> new Weights((int) w.integer("Passing"), (int) w.integer("Warning")))
          .orElse(Weights.DEFAULT);
      String destination = service.object("Proxy").map(p -> p.str("DestinationServiceName")).orElse("");
      return new ServiceInstance(n, service.str("ID"), service.str("Service"), service.str("Namespace"), kind,
          kind == ServiceKind.CONNECT_PROXY ? destination : "", service.str("Address"),
          (int) service.integer("Port"), tagged, service.strings("Tags"), service.stringMap("Meta"), weights,
          health);
    } catch (IllegalArgumentException e) {
      problems.add(entry.path(), e.getMessage());
      return null;
    }
  }

  private static ServiceKind kind(Doc service, Problems problems) {
    String wire = service.str("Kind");
    if (wire.isEmpty()) {
      return service.object("Connect").map(c -> c.bool("Native")).orElse(false)
          ? ServiceKind.CONNECT_NATIVE : ServiceKind.TYPICAL;
    }
    for (ServiceKind k : ServiceKind.values()) {
      if (!k.isTypicalKind() && k.wireName().equals(wire)) {
        return k;
      }
    }
    problems.add(service.path("Kind"), "unknown service kind " + TreeDecoder.quote(wire));
    return null;
  }

  /**
   * Decodes {@code /v1/catalog/gateway-services/<gateway>}: the services a gateway links.
   *
   * @param endpoint the endpoint, for messages
   * @param json the answer's body
   * @return the rows, in the answer's order
   * @throws AnswerException if the answer is not a list of gateway-service rows
   */
  public static List<GatewayService> gatewayServices(String endpoint, byte[] json) throws AnswerException {
    Problems problems = new Problems(endpoint);
    JsonNode root = parse(endpoint, json);
    List<GatewayService> out = new ArrayList<>();
    for (Doc row : objects(root, GATEWAY_SERVICE, problems)) {
      ServiceName gateway = compound(row, "Gateway", problems);
      ServiceName service = compound(row, "Service", problems);
      if (gateway == null || service == null) {
        continue;
      }
      out.add(new GatewayService(gateway, service, row.str("GatewayKind"), (int) row.integer("Port"),
          row.str("Protocol"), row.strings("Hosts"), row.str("CAFile"), row.str("CertFile"), row.str("KeyFile"),
          row.str("SNI"), row.bool("FromWildcard")));
    }
    problems.throwIfAny();
    return List.copyOf(out);
  }

  private static ServiceName compound(Doc row, String field, Problems problems) {
    Doc name = row.object(field).orElse(null);
    if (name == null || name.str("Name").isEmpty()) {
      problems.add(row.path(field) + (name == null ? "" : ".Name"), "expected a service name");
      return null;
    }
    return new ServiceName(name.str("Name"), name.str("Namespace"), name.str("Partition"));
  }

  /**
   * Decodes {@code /v1/config/<kind>} (a list of entries) or {@code /v1/config/<kind>/<name>} (one
   * entry) with {@link ConfigEntryCodec}: Consul's index fields are dropped, anything else Consul's
   * decoder would refuse is refused.
   *
   * @param endpoint the endpoint, used as the entries' source
   * @param json the answer's body
   * @return the decoded entries
   * @throws AnswerException if an entry does not decode
   */
  public static Decoded configEntries(String endpoint, byte[] json) throws AnswerException {
    Decoded decoded = ConfigEntryCodec.decode(endpoint, json);
    if (!decoded.ok()) {
      throw new AnswerException(endpoint, located(decoded.errors()));
    }
    return decoded;
  }

  /**
   * Decodes {@code /v1/config/service-intentions} into an intention set, validated as Consul
   * validates the entries on write. Intentions fail closed: any invalid entry refuses the whole
   * answer, so that a caller keeps its previous set rather than acting on part of the rules. The
   * default policy is not part of the set: callers pass theirs to each decision.
   *
   * @param endpoint the endpoint, for messages
   * @param json the answer's body: a list of {@code service-intentions} entries
   * @return the intention set
   * @throws AnswerException if an entry does not decode or is invalid
   */
  public static IntentionSet intentions(String endpoint, byte[] json) throws AnswerException {
    ConfigDirectory dir = ConfigDirectory.of(endpoint, configEntries(endpoint, json), DefaultPolicy.DENY);
    if (!dir.hasIntentions() || !dir.errors().isEmpty()) {
      throw new AnswerException(endpoint, located(dir.errors()));
    }
    return dir.intentions();
  }

  private static List<String> located(List<ConfigProblem> errors) {
    List<String> out = new ArrayList<>();
    for (ConfigProblem p : errors) {
      String index = p.index().isPresent() ? "[" + p.index().getAsInt() + "]" : "";
      out.add(p.path().isEmpty() ? (index.isEmpty() ? p.message() : index + ": " + p.message())
          : index + (index.isEmpty() ? "" : ".") + p.path() + ": " + p.message());
    }
    if (out.isEmpty()) {
      out.add("intentions were not built");
    }
    return out;
  }

  /**
   * Decodes {@code /v1/agent/connect/ca/roots}.
   *
   * @param endpoint the endpoint, for messages
   * @param json the answer's body
   * @return the roots
   * @throws AnswerException if the answer is not a roots object, or no root is active
   */
  public static CaRoots caRoots(String endpoint, byte[] json) throws AnswerException {
    Problems problems = new Problems(endpoint);
    Doc doc = object(parse(endpoint, json), CA_ROOTS, problems);
    problems.throwIfAny();
    List<CaRoot> roots = new ArrayList<>();
    for (Doc r : doc.list("Roots")) {
      if (r.str("RootCert").isEmpty()) {
        problems.add(r.path("RootCert"), "expected a PEM certificate");
      }
      roots.add(new CaRoot(r.str("ID"), r.str("Name"), r.str("RootCert"), r.strings("IntermediateCerts"),
          r.bool("Active")));
    }
    CaRoots out = new CaRoots(doc.str("ActiveRootID"), doc.str("TrustDomain"), roots);
    if (out.activeRoot().isEmpty()) {
      problems.add("ActiveRootID", "names no root in Roots");
    }
    problems.throwIfAny();
    return out;
  }

  /**
   * Decodes {@code /v1/agent/connect/ca/leaf/<service>}.
   *
   * @param endpoint the endpoint, for messages
   * @param json the answer's body
   * @return the leaf certificate and key
   * @throws AnswerException if the answer is not a leaf object, lacks the certificate or key, or its
   *     validity ends before it starts
   */
  public static LeafCertificate leaf(String endpoint, byte[] json) throws AnswerException {
    Problems problems = new Problems(endpoint);
    Doc doc = object(parse(endpoint, json), LEAF, problems);
    problems.throwIfAny();
    for (String field : List.of("CertPEM", "PrivateKeyPEM", "ValidAfter", "ValidBefore")) {
      if (doc.str(field).isEmpty()) {
        problems.add(field, "missing");
      }
    }
    problems.throwIfAny();
    LeafCertificate leaf = new LeafCertificate(doc.str("Service"), doc.str("ServiceURI"), doc.str("SerialNumber"),
        doc.str("CertPEM"), doc.str("PrivateKeyPEM"), OffsetDateTime.parse(doc.str("ValidAfter")).toInstant(),
        OffsetDateTime.parse(doc.str("ValidBefore")).toInstant());
    if (!leaf.validBefore().isAfter(leaf.validAfter())) {
      problems.add("ValidBefore", "not after ValidAfter");
    }
    problems.throwIfAny();
    return leaf;
  }

  /**
   * Decodes {@code /v1/catalog/datacenters}: the names of the known datacenters.
   *
   * @param endpoint the endpoint, for messages
   * @param json the answer's body
   * @return the names, in Consul's order (nearest first)
   * @throws AnswerException if the answer is not a list of non-empty strings
   */
  public static List<String> datacenters(String endpoint, byte[] json) throws AnswerException {
    Problems problems = new Problems(endpoint);
    JsonNode root = parse(endpoint, json);
    if (!root.isArray()) {
      problems.add("", "expected a list");
      problems.throwIfAny();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode v = root.get(i);
      if (!v.isTextual() || v.textValue().isEmpty()) {
        problems.add("[" + i + "]", "expected a datacenter name");
      } else {
        out.add(v.textValue());
      }
    }
    problems.throwIfAny();
    return List.copyOf(out);
  }

  /**
   * Decodes {@code /v1/catalog/services}: every service name of the datacenter (of the namespace
   * and partition asked) with the union of its instances' tags. A service whose tags are {@code
   * null} has none.
   *
   * @param endpoint the endpoint, for messages
   * @param json the answer's body
   * @return the names and tags, in the answer's order
   * @throws AnswerException if the answer is not an object of names, each with a list of strings
   */
  public static Map<String, List<String>> catalogServices(String endpoint, byte[] json) throws AnswerException {
    Problems problems = new Problems(endpoint);
    JsonNode root = parse(endpoint, json);
    if (!root.isObject()) {
      problems.add("", "expected an object of service names");
      problems.throwIfAny();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String path = "[" + TreeDecoder.quote(e.getKey()) + "]";
      if (e.getKey().isEmpty()) {
        problems.add(path, "expected a service name");
        continue;
      }
      List<String> tags = tags(e.getValue(), path, problems);
      if (tags != null) {
        out.put(e.getKey(), tags);
      }
    }
    problems.throwIfAny();
    return Collections.unmodifiableMap(out);
  }

  private static List<String> tags(JsonNode value, String path, Problems problems) {
    if (value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      problems.add(path, "expected a list of tags");
      return null;
    }
    List<String> tags = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        problems.add(path + "[" + i + "]", "expected a tag (a string)");
        return null;
      }
      tags.add(value.get(i).textValue());
    }
    return List.copyOf(tags);
  }

  private static JsonNode parse(String endpoint, byte[] json) throws AnswerException {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(json, "json");
    try {
      JsonNode root = Json.parse(json);
      if (root.isMissingNode()) {
        throw new AnswerException(endpoint, List.of("empty answer (expected: JSON)"));
      }
      return root;
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      int marker = message.indexOf(" (start marker at ");
      if (marker >= 0) {
        message = message.substring(0, marker); // Jackson's source location, which the line and column give
      }
      int newline = message.indexOf('\n');
      String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new AnswerException(endpoint,
          List.of("invalid JSON" + where + ": " + (newline < 0 ? message : message.substring(0, newline))));
    }
  }

  private static List<Doc> objects(JsonNode root, Shape.Struct schema, Problems problems) {
    if (!root.isArray()) {
      problems.add("", "expected a list");
      return List.of();
    }
    List<Doc> out = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      String path = "[" + i + "]";
      if (!element.isObject()) {
        problems.add(path, "expected an object");
        continue;
      }
      TreeDecoder.Result r = TreeDecoder.decodeAnswer((ObjectNode) element, schema, path);
      if (problems.addAll(r.issues())) {
        out.add(new Doc(r.value(), path));
      }
    }
    return out;
  }

  private static Doc object(JsonNode root, Shape.Struct schema, Problems problems) {
    if (!root.isObject()) {
      problems.add("", "expected an object");
      return new Doc(Json.nodes().objectNode(), "");
    }
    TreeDecoder.Result r = TreeDecoder.decodeAnswer((ObjectNode) root, schema, "");
    problems.addAll(r.issues());
    return new Doc(r.value(), "");
  }

  /** Collects the problems of one answer. Not thread-safe. */
  private static final class Problems {
    private final String endpoint;
    private final List<String> all = new ArrayList<>();

    Problems(String endpoint) {
      this.endpoint = endpoint;
    }

    void add(String path, String message) {
      all.add(path.isEmpty() ? message : path + ": " + message);
    }

    /** Adds issues; tells whether there were none. */
    boolean addAll(List<Issue> issues) {
      for (Issue i : issues) {
        add(i.path(), i.message());
      }
      return issues.isEmpty();
    }

    void throwIfAny() throws AnswerException {
      if (!all.isEmpty()) {
        throw new AnswerException(endpoint, all);
      }
    }
  }
}
