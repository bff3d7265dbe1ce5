package dev.meshgate.consul.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Read access to one object of a canonical tree (what {@link TreeDecoder} produces), with the
 * object's Consul field path for messages. Absent fields read as Go's zero values: {@code ""},
 * false, 0, empty collections. The tree is never modified. Not thread-safe only in the sense that
 * the tree must not be modified while read.
 */
public final class Doc {
  private final ObjectNode node;
  private final String path;

  /**
   * Wraps an object.
   *
   * @param node the canonical object
   * @param path its field path, empty for an entry
   */
  public Doc(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * Returns the wrapped object.
   *
   * @return the object
   */
  public ObjectNode node() {
    return node;
  }

  /**
   * Returns this object's path.
   *
   * @return e.g. {@code Sources[1]}; empty for an entry
   */
  public String path() {
    return path;
  }

  /**
   * Returns the path of one of this object's fields.
   *
   * @param field the field name
   * @return e.g. {@code Sources[1].Name}
   */
  public String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /**
   * Tells whether a field is present.
   *
   * @param field the field name
   * @return true when present
   */
  public boolean has(String field) {
    return node.has(field);
  }

  /**
   * Reads a string field.
   *
   * @param field the field name
   * @return the value, or {@code ""}
   */
  public String str(String field) {
    JsonNode v = node.get(field);
    return v == null ? "" : v.asText();
  }

  /**
   * Reads a boolean field.
   *
   * @param field the field name
   * @return the value, or false
   */
  public boolean bool(String field) {
    JsonNode v = node.get(field);
    return v != null && v.booleanValue();
  }

  /**
   * Reads an integer (or duration) field.
   *
   * @param field the field name
   * @return the value, or 0
   */
  public long integer(String field) {
    JsonNode v = node.get(field);
    return v == null ? 0 : v.longValue();
  }

  /**
   * Reads an integer field that may be absent.
   *
   * @param field the field name
   * @return the value, or empty
   */
  public OptionalLong optionalInteger(String field) {
    JsonNode v = node.get(field);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v.longValue());
  }

  /**
   * Reads a duration field, written as Go's syntax or as integer nanoseconds.
   *
   * @param field the field name
   * @return the duration, or zero
   */
  public java.time.Duration duration(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return java.time.Duration.ZERO;
    }
    return java.time.Duration.ofNanos(v.isTextual() ? GoDuration.parse(v.textValue()) : v.longValue());
  }

  /**
   * Reads a floating-point field.
   *
   * @param field the field name
   * @return the value, or 0
   */
  public float floating(String field) {
    JsonNode v = node.get(field);
    return v == null ? 0 : v.floatValue();
  }

  /**
   * Reads a {@code map[string]struct} field.
   *
   * @param field the field name
   * @return the objects by key, in document order; empty when absent
   */
  public Map<String, Doc> map(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return Map.of();
    }
    Map<String, Doc> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(e.getKey(), new Doc((ObjectNode) e.getValue(), path(field) + "[" + e.getKey() + "]"));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Reads a struct field.
   *
   * @param field the field name
   * @return the object, or empty
   */
  public Optional<Doc> object(String field) {
    JsonNode v = node.get(field);
    return v instanceof ObjectNode o ? Optional.of(new Doc(o, path(field))) : Optional.empty();
  }

  /**
   * Reads a list-of-structs field.
   *
   * @param field the field name
   * @return the objects, in order; empty when absent
   */
  public List<Doc> list(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return List.of();
    }
    List<Doc> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      out.add(new Doc((ObjectNode) v.get(i), path(field) + "[" + i + "]"));
    }
    return out;
  }

  /**
   * Reads a list-of-strings field.
   *
   * @param field the field name
   * @return the strings, in order; empty when absent
   */
  public List<String> strings(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(v.size());
    v.forEach(e -> out.add(e.asText()));
    return out;
  }

  /**
   * Reads a {@code map[string]string} field.
   *
   * @param field the field name
   * @return the map, in document order; empty when absent
   */
  public Map<String, String> stringMap(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(e.getKey(), e.getValue().asText());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Returns a field's raw value.
   *
   * @param field the field name
   * @return the value, or null when absent
   */
  public JsonNode raw(String field) {
    return node.get(field);
  }
}
