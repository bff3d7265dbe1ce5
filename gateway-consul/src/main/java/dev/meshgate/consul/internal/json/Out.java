package dev.meshgate.consul.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes one object of a canonical tree in Consul's API JSON, fields in the order they are added.
 * Values at Go's zero value ({@code ""}, false, 0, empty collections) are left out, as Consul's
 * {@code omitempty} does; {@link #always} writes a value whatever it is. Not thread-safe.
 */
public final class Out {
  private final ObjectNode node = Json.nodes().objectNode();

  /**
   * Starts an object.
   *
   * @return a new writer
   */
  public static Out object() {
    return new Out();
  }

  /**
   * Writes a string unless it is empty.
   *
   * @param name the field name
   * @param value the value
   * @return this writer
   */
  public Out str(String name, String value) {
    if (!value.isEmpty()) {
      node.put(name, value);
    }
    return this;
  }

  /**
   * Writes a boolean when it is true.
   *
   * @param name the field name
   * @param value the value
   * @return this writer
   */
  public Out bool(String name, boolean value) {
    if (value) {
      node.put(name, true);
    }
    return this;
  }

  /**
   * Writes an integer unless it is 0.
   *
   * @param name the field name
   * @param value the value
   * @return this writer
   */
  public Out integer(String name, long value) {
    if (value != 0) {
      node.put(name, value);
    }
    return this;
  }

  /**
   * Writes a value whatever it is.
   *
   * @param name the field name
   * @param value the value
   * @return this writer
   */
  public Out always(String name, JsonNode value) {
    node.set(name, value);
    return this;
  }

  /**
   * Writes an object unless it is null or empty.
   *
   * @param name the field name
   * @param value the object, or null
   * @return this writer
   */
  public Out object(String name, ObjectNode value) {
    if (value != null && !value.isEmpty()) {
      node.set(name, value);
    }
    return this;
  }

  /**
   * Writes an object unless it is null or empty.
   *
   * @param name the field name
   * @param value the writer of the object, or null
   * @return this writer
   */
  public Out object(String name, Out value) {
    return object(name, value == null ? null : value.node);
  }

  /**
   * Writes an object when it is present, even when every field of it was left out, as Go writes a
   * non-nil pointer to a struct ({@code {}}): a present-but-empty value then decodes as present.
   *
   * @param name the field name
   * @param value the writer of the object, or empty to write nothing
   * @return this writer
   */
  public Out pointer(String name, Optional<Out> value) {
    value.ifPresent(v -> node.set(name, v.node));
    return this;
  }

  /**
   * Writes a list of strings unless it is empty.
   *
   * @param name the field name
   * @param values the strings
   * @return this writer
   */
  public Out strings(String name, Collection<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = node.putArray(name);
      values.forEach(a::add);
    }
    return this;
  }

  /**
   * Writes a list of objects unless it is empty.
   *
   * @param <T> the element type
   * @param name the field name
   * @param values the elements
   * @param encode how to write one element
   * @return this writer
   */
  public <T> Out list(String name, Collection<T> values, Function<T, Out> encode) {
    if (!values.isEmpty()) {
      ArrayNode a = node.putArray(name);
      for (T v : values) {
        a.add(encode.apply(v).node);
      }
    }
    return this;
  }

  /**
   * Writes a {@code map[string]string} unless it is empty.
   *
   * @param name the field name
   * @param values the map, written in its iteration order
   * @return this writer
   */
  public Out map(String name, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode o = node.putObject(name);
      values.forEach(o::put);
    }
    return this;
  }

  /**
   * Returns the object written so far.
   *
   * @return the object
   */
  public ObjectNode node() {
    return node;
  }
}
