package dev.meshgate.consul.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Doc;
import dev.meshgate.consul.internal.json.Json;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One Consul config entry as decoded: every field Consul's decoder would have read, spelled as
 * Consul writes it (PascalCase), of its declared type, in Consul's field order, with nothing
 * normalized or validated. {@link ConfigEntryCodec#check} normalizes and validates entries; {@link
 * #toJson()} writes Consul's API JSON.
 *
 * <p>An entry remembers where it was read from ({@link #source()}, {@link #index()}) for messages.
 * Two entries are equal when they have the same kind and the same content; where they were read
 * from does not count.
 *
 * <p>Immutable and thread-safe: the tree is copied in and never handed out.
 */
public final class ConfigEntry {
  private final ConfigEntryKind<?> kind;
  private final ObjectNode tree;
  private final String source;
  private final OptionalInt index;

  ConfigEntry(ConfigEntryKind<?> kind, ObjectNode withoutKind, String source, OptionalInt index) {
    this.kind = kind;
    ObjectNode t = Json.nodes().objectNode();
    t.put("Kind", kind.name());
    withoutKind.properties().forEach(e -> {
      if (!e.getKey().equals("Kind")) {
        t.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    this.tree = t;
    this.source = Objects.requireNonNull(source, "source");
    this.index = Objects.requireNonNull(index, "index");
  }

  /**
   * Returns the entry's kind.
   *
   * @return the kind
   */
  public ConfigEntryKind<?> kind() {
    return kind;
  }

  /**
   * Returns the entry's name as written ({@code mesh} for the {@code mesh} kind, which has none).
   *
   * @return the name, possibly empty
   */
  public String name() {
    return kind.codec().name(doc());
  }

  /**
   * Returns the entry's namespace as written.
   *
   * @return the namespace, empty when not written
   */
  public String namespace() {
    return tree.path("Namespace").asText("");
  }

  /**
   * Returns the entry's admin partition as written.
   *
   * @return the partition, empty when not written
   */
  public String partition() {
    return tree.path("Partition").asText("");
  }

  /**
   * Returns where the entry was read from.
   *
   * @return e.g. a file name; empty when unknown
   */
  public String source() {
    return source;
  }

  /**
   * Returns the entry's position in its source, when the source holds an array of entries.
   *
   * @return the index, or empty for a source holding one entry
   */
  public OptionalInt index() {
    return index;
  }

  /**
   * Returns where the entry was read from, as messages show it.
   *
   * @return {@code <source>[#<index>]}, e.g. {@code intentions.json[#2]}
   */
  public String location() {
    return index.isPresent() ? source + "[#" + index.getAsInt() + "]" : source;
  }

  /**
   * Writes the entry as compact JSON in Consul's API form.
   *
   * @return the JSON object
   */
  public String toJson() {
    return Json.compact(tree);
  }

  Doc doc() {
    return new Doc(tree, "");
  }

  /** A copy of the tree, {@code Kind} first. */
  ObjectNode tree() {
    return tree.deepCopy();
  }

  ConfigEntry at(String newSource, OptionalInt newIndex) {
    return new ConfigEntry(kind, tree, newSource, newIndex);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigEntry other && kind == other.kind && tree.equals(other.tree);
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + tree.hashCode();
  }

  /** Returns {@code kind "name"} and the location, never the content. */
  @Override
  public String toString() {
    String where = location();
    return kind.name() + " " + Json.compact(Json.nodes().textNode(name())) + (where.isEmpty() ? "" : " (" + where + ")");
  }
}
