package dev.meshgate.consul.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Issue;
import dev.meshgate.consul.internal.json.Json;
import dev.meshgate.consul.internal.json.TreeDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads and writes Consul config entries in the JSON of Consul's HTTP API and of {@code consul
 * config write}: a source holds one entry object or an array of them (the shape of a {@code
 * /v1/config/<kind>} answer).
 *
 * <h2>Decoding</h2>
 *
 * <p>{@link #decode} reads what Consul's decoder reads, and rejects what it rejects:
 *
 * <ul>
 *   <li>{@code Kind} (or {@code kind}) names the kind; keys match field names without regard to
 *       case, or the snake_case aliases Consul declares ({@code ca_file} for {@code CAFile}); when a
 *       field is given under its name and an alias, the name wins;
 *   <li>a key Consul does not know is an error, in Consul's words: {@code invalid config key
 *       "Sources[0].cornfig"}; {@code CreateIndex}, {@code ModifyIndex} and {@code Hash}, which
 *       Consul's answers carry, are accepted and dropped;
 *   <li>values are typed weakly, as Consul's decoder types them: {@code "5"} into a number, a
 *       number into a string, a single object into a one-element list; durations in Go's syntax
 *       ({@code "5s"}) or as integer nanoseconds; opaque maps ({@code Meta}, {@code Config}, header
 *       {@code Add} / {@code Set}, extension {@code Arguments}) are kept verbatim;
 *   <li>{@code Namespace} and {@code Partition} are accepted wherever Consul Enterprise accepts
 *       them: meshgate models namespaces and partitions (Consul Community Edition refuses them);
 *   <li>HCL is not read: Consul's documentation shows HCL (version 1), but its API speaks JSON,
 *       and no maintained Java parser is known to read Consul's HCL as Consul does; {@code consul
 *       config read} prints an entry as JSON.
 * </ul>
 *
 * <h2>Checking</h2>
 *
 * <p>{@link #check} normalizes each entry as Consul does on write and validates it through core's
 * builders, whose messages are Consul's; each entry is checked on its own (rules across entries,
 * such as two intentions entries for one destination, belong to whoever combines them, for example
 * {@link ConfigDirectory}). Every problem of every entry is reported, located by source, index and
 * field path ({@link ConfigProblem}).
 *
 * <h2>Encoding</h2>
 *
 * <p>{@link #encode} writes Consul's API JSON: PascalCase keys in Consul's field order, values at
 * their zero value left out, durations as Consul writes them.
 *
 * <p>Stateless and thread-safe; any input gives entries or located problems, never another
 * exception.
 */
public final class ConfigEntryCodec {
  /** Consul's known kinds that meshgate does not read. */
  private static final Set<String> OTHER_KINDS = Set.of(
      "sameness-group", "api-gateway", "bound-api-gateway", "file-system-certificate", "inline-certificate",
      "http-route", "tcp-route", "control-plane-request-limit");

  /** Top-level keys accepted and dropped: the kind, and the indexes and hash Consul's answers carry. */
  private static final Set<String> IGNORED = Set.of("Kind", "CreateIndex", "ModifyIndex", "Hash");

  private ConfigEntryCodec() {}

  /**
   * Decodes the entries of one source.
   *
   * @param source the source's name for messages, e.g. a file name
   * @param json UTF-8 JSON: one entry object or an array of them
   * @return the entries and every problem
   */
  public static Decoded decode(String source, byte[] json) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(json, "json");
    List<ConfigEntry> entries = new ArrayList<>();
    List<ConfigProblem> errors = new ArrayList<>();
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (JsonProcessingException e) {
      errors.add(new ConfigProblem(source, OptionalInt.empty(), "", describe(e)));
      return new Decoded(List.of(source), entries, errors);
    }
    if (root.isObject()) {
      decodeEntry((ObjectNode) root, source, OptionalInt.empty(), entries, errors);
    } else if (root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        JsonNode element = root.get(i);
        if (element.isObject()) {
          decodeEntry((ObjectNode) element, source, OptionalInt.of(i), entries, errors);
        } else {
          errors.add(new ConfigProblem(source, OptionalInt.of(i), "", "expected a config entry object"));
        }
      }
    } else {
      errors.add(new ConfigProblem(source, OptionalInt.empty(), "",
          root.isMissingNode() ? "empty (expected: a config entry object or an array of them)"
              : "expected a config entry object or an array of them"));
    }
    return new Decoded(List.of(source), entries, errors);
  }

  /**
   * Decodes the entries of one source given as text.
   *
   * @param source the source's name for messages
   * @param json one entry object or an array of them
   * @return the entries and every problem
   */
  public static Decoded decode(String source, String json) {
    return decode(source, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes the entries of a file; messages name it by its file name.
   *
   * @param file the file
   * @return the entries and every problem
   * @throws IOException if the file cannot be read
   */
  public static Decoded decode(Path file) throws IOException {
    Path name = file.getFileName();
    return decode(name == null ? file.toString() : name.toString(), Files.readAllBytes(file));
  }

  /**
   * Decodes the entries of several sources, in order.
   *
   * @param results the results of decoding each source
   * @return the entries and problems of all, in order
   */
  public static Decoded concat(List<Decoded> results) {
    List<String> sources = new ArrayList<>();
    List<ConfigEntry> entries = new ArrayList<>();
    List<ConfigProblem> errors = new ArrayList<>();
    for (Decoded d : results) {
      sources.addAll(d.sources());
      entries.addAll(d.entries());
      errors.addAll(d.errors());
    }
    return new Decoded(sources, entries, errors);
  }

  private static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 0 ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    return "invalid JSON" + where + ": " + (newline < 0 ? message : message.substring(0, newline));
  }

  private static void decodeEntry(
      ObjectNode raw, String source, OptionalInt index, List<ConfigEntry> entries, List<ConfigProblem> errors) {
    JsonNode kindValue = raw.has("Kind") ? raw.get("Kind") : raw.get("kind");
    if (kindValue == null) {
      errors.add(new ConfigProblem(source, index, "", "Payload does not contain a kind/Kind key at the top level"));
      return;
    }
    if (!kindValue.isTextual()) {
      errors.add(new ConfigProblem(source, index, "", "Kind value in payload is not a string"));
      return;
    }
    String kindName = kindValue.textValue();
    ConfigEntryKind<?> kind = ConfigEntryKind.byName(kindName).orElse(null);
    if (kind == null) {
      String why = OTHER_KINDS.contains(kindName) ? " (a Consul kind meshgate does not model)" : "";
      errors.add(new ConfigProblem(source, index, "", "invalid config entry kind: " + kindName + why));
      return;
    }
    TreeDecoder.Result r = TreeDecoder.decode(raw, kind.codec().schema(), IGNORED);
    if (!r.issues().isEmpty()) {
      for (Issue issue : r.issues()) {
        errors.add(new ConfigProblem(source, index, issue.path(), issue.message()));
      }
      return;
    }
    entries.add(new ConfigEntry(kind, r.value(), source, index));
  }

  /**
   * Normalizes and validates decoded entries, and carries their decode errors over.
   *
   * @param decoded the result of {@link #decode}
   * @return the valid entries, normalized, with their models; every error and warning
   */
  public static Checked check(Decoded decoded) {
    Checked c = check(decoded.entries());
    List<ConfigProblem> errors = new ArrayList<>(decoded.errors());
    errors.addAll(c.errors());
    return new Checked(c.valid(), inInputOrder(decoded.sources(), errors), c.warnings());
  }

  /**
   * Orders problems as their entries come in the input: by source, then by index; problems of one
   * entry keep their order.
   */
  static List<ConfigProblem> inInputOrder(List<String> sources, List<ConfigProblem> problems) {
    java.util.Map<String, Integer> rank = new java.util.HashMap<>();
    for (String s : sources) {
      rank.putIfAbsent(s, rank.size());
    }
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator
        .comparingInt((ConfigProblem p) -> rank.getOrDefault(p.source(), Integer.MAX_VALUE))
        .thenComparingInt(p -> p.index().orElse(-1)));
    return sorted;
  }

  /**
   * Normalizes and validates entries, each on its own.
   *
   * @param entries the entries
   * @return the valid entries, normalized, with their models; every error and warning
   */
  public static Checked check(List<ConfigEntry> entries) {
    List<ValidEntry<?>> valid = new ArrayList<>();
    List<ConfigProblem> errors = new ArrayList<>();
    List<ConfigProblem> warnings = new ArrayList<>();
    for (ConfigEntry e : entries) {
      ValidEntry<?> v = checkOne(e.kind(), e, errors, warnings);
      if (v != null) {
        valid.add(v);
      }
    }
    return new Checked(valid, errors, warnings);
  }

  private static <T> ValidEntry<T> checkOne(
      ConfigEntryKind<T> kind, ConfigEntry e, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
    List<Issue> issues = new ArrayList<>();
    T model;
    try {
      model = kind.codec().toModel(e.doc(), issues);
    } catch (RuntimeException ex) {
      // Fail closed: a mapping meshgate got wrong rejects the entry, it never lets it through.
      issues.add(new Issue("", "meshgate could not read this entry: " + ex));
      model = null;
    }
    if (!issues.isEmpty() || model == null) {
      for (Issue issue : issues) {
        errors.add(new ConfigProblem(e.source(), e.index(), issue.path(), issue.message()));
      }
      return null;
    }
    ConfigEntry normalized = new ConfigEntry(kind, kind.codec().normalized(e.doc(), model), e.source(), e.index());
    List<String> w = kind.codec().warnings(model);
    for (String message : w) {
      warnings.add(new ConfigProblem(e.source(), e.index(), "", message));
    }
    return new ValidEntry<>(kind, normalized, model, w);
  }

  /**
   * Writes entries as one JSON array, indented, in Consul's API JSON.
   *
   * @param entries the entries
   * @return the JSON text, ending with a newline
   */
  public static String encode(List<ConfigEntry> entries) {
    ArrayNode array = Json.nodes().arrayNode();
    for (ConfigEntry e : entries) {
      array.add(e.tree());
    }
    return Json.pretty(array);
  }

  /**
   * Writes one entry, indented, in Consul's API JSON.
   *
   * @param entry the entry
   * @return the JSON text, ending with a newline
   */
  public static String encode(ConfigEntry entry) {
    return Json.pretty(entry.tree());
  }
}
