package dev.meshgate.consul.internal.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The type of one value in a config entry, as Consul's Go struct declares it. A schema is a tree of
 * shapes rooted in a {@link Struct}; {@link TreeDecoder} decodes a JSON tree against it the way
 * Consul's {@code mapstructure} decoder does.
 *
 * <p>Shapes are immutable and thread-safe; the constants and every {@link Struct} may be shared.
 */
public sealed interface Shape
    permits Shape.Scalar, Shape.ListOf, Shape.MapOf, Shape.StringMap, Shape.Opaque, Shape.Struct {

  /** A Go {@code string}. */
  Scalar STRING = new Scalar(ScalarKind.STRING);
  /** A Go {@code bool}. */
  Scalar BOOL = new Scalar(ScalarKind.BOOL);
  /** A Go {@code int} (64 bits). */
  Scalar INT = new Scalar(ScalarKind.INT);
  /** A Go {@code uint32}; negative values are refused (Go would wrap them around). */
  Scalar UINT32 = new Scalar(ScalarKind.UINT32);
  /** A Go {@code time.Duration} that Consul writes as integer nanoseconds. */
  Scalar DURATION_NANOS = new Scalar(ScalarKind.DURATION_NANOS);
  /**
   * A Go {@code time.Duration} that Consul writes in Go's syntax ({@code "1m39s"}); decoded into
   * that syntax, normalized ({@code "90s"} is {@code "1m30s"}).
   */
  Scalar DURATION_STRING = new Scalar(ScalarKind.DURATION_STRING);
  /** A Go {@code float32}, such as a split's weight. */
  Scalar FLOAT32 = new Scalar(ScalarKind.FLOAT32);
  /** A Go {@code time.Time}, written in RFC 3339. */
  Scalar TIME = new Scalar(ScalarKind.TIME);
  /** A Go {@code map[string]string}: keys verbatim, values weakly typed to strings. */
  StringMap STRING_MAP = new StringMap();
  /** A Go {@code map[string]interface{}}: an object kept verbatim. */
  Opaque OPAQUE_MAP = new Opaque(true);
  /** A Go {@code interface{}}: any JSON value kept verbatim. */
  Opaque ANY = new Opaque(false);
  /** A Go {@code []string}. */
  ListOf STRING_LIST = new ListOf(STRING);

  /** What a {@link Scalar} holds. */
  enum ScalarKind {
    /** A string. */
    STRING,
    /** A boolean. */
    BOOL,
    /** A signed 64-bit integer. */
    INT,
    /** An unsigned 32-bit integer. */
    UINT32,
    /** A duration written as integer nanoseconds. */
    DURATION_NANOS,
    /** A duration written in Go's syntax. */
    DURATION_STRING,
    /** An RFC 3339 time. */
    TIME,
    /** A 32-bit floating-point number. */
    FLOAT32
  }

  /**
   * A single value.
   *
   * @param kind what it holds
   */
  record Scalar(ScalarKind kind) implements Shape {}

  /**
   * A Go slice; a single value where a list is expected becomes a one-element list, as Consul's
   * weakly typed decoding (and HCL's repeated blocks) make it.
   *
   * @param element the shape of each element
   */
  record ListOf(Shape element) implements Shape {
    /**
     * Checks the element shape.
     *
     * @param element the shape of each element
     */
    public ListOf {
      Objects.requireNonNull(element, "element");
    }
  }

  /**
   * A Go {@code map[string]T} of a non-string {@code T} (e.g. a resolver's subsets): keys kept
   * verbatim, each value decoded against the value shape.
   *
   * @param value the shape of each value
   */
  record MapOf(Shape value) implements Shape {
    /**
     * Checks the value shape.
     *
     * @param value the shape of each value
     */
    public MapOf {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A {@code map[string]string}. */
  record StringMap() implements Shape {}

  /**
   * A value kept verbatim.
   *
   * @param objectOnly whether the value must be a JSON object ({@code map[string]interface{}})
   */
  record Opaque(boolean objectOnly) implements Shape {}

  /**
   * Returns a list of the given shape.
   *
   * @param element the element shape
   * @return the list shape
   */
  static ListOf listOf(Shape element) {
    return new ListOf(element);
  }

  /**
   * Returns a map whose values have the given shape.
   *
   * @param value the value shape
   * @return the map shape
   */
  static MapOf mapOf(Shape value) {
    return new MapOf(value);
  }

  /**
   * Starts a struct.
   *
   * @return a builder
   */
  static Struct.Builder struct() {
    return new Struct.Builder();
  }

  /**
   * One field of a struct: its canonical (PascalCase) name, the snake_case aliases Consul's
   * {@code alias} tag gives it, and its shape.
   *
   * @param name the canonical name, as Consul writes it
   * @param aliases the alias names, lower case
   * @param shape the value's shape
   */
  record Field(String name, List<String> aliases, Shape shape) {
    /**
     * Copies the aliases.
     *
     * @param name the canonical name
     * @param aliases the aliases
     * @param shape the shape
     */
    public Field {
      Objects.requireNonNull(name, "name");
      aliases = List.copyOf(aliases);
      Objects.requireNonNull(shape, "shape");
    }
  }

  /**
   * A Go struct: fields in declaration order, which is also the order they are written in. Keys
   * match a field's name without regard to case, or one of its aliases.
   */
  final class Struct implements Shape {
    private final List<Field> fields;
    private final Map<String, Field> byLowerName;
    private final Map<String, Field> byAlias;

    private Struct(List<Field> fields) {
      this.fields = List.copyOf(fields);
      Map<String, Field> names = new LinkedHashMap<>();
      Map<String, Field> aliases = new LinkedHashMap<>();
      for (Field f : fields) {
        if (names.put(f.name().toLowerCase(Locale.ROOT), f) != null) {
          throw new IllegalArgumentException("field " + f.name() + " declared twice");
        }
        for (String a : f.aliases()) {
          aliases.put(a.toLowerCase(Locale.ROOT), f);
        }
      }
      this.byLowerName = Collections.unmodifiableMap(names);
      this.byAlias = Collections.unmodifiableMap(aliases);
    }

    /**
     * Returns the fields in declaration order.
     *
     * @return the fields
     */
    public List<Field> fields() {
      return fields;
    }

    /**
     * Finds the field a key names by its canonical name, ignoring case.
     *
     * @param key the key as written
     * @return the field, or null
     */
    public Field byName(String key) {
      return byLowerName.get(key.toLowerCase(Locale.ROOT));
    }

    /**
     * Finds the field a key names through an alias, ignoring case.
     *
     * @param key the key as written
     * @return the field, or null
     */
    public Field byAlias(String key) {
      return byAlias.get(key.toLowerCase(Locale.ROOT));
    }

    /**
     * Returns a copy of this struct with more fields after its own.
     *
     * @param more the fields to add
     * @return the new struct
     */
    public Struct with(Field... more) {
      List<Field> all = new ArrayList<>(fields);
      all.addAll(List.of(more));
      return new Struct(all);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("Struct[");
      for (Field f : fields) {
        s.append(f.name()).append(' ');
      }
      return s.append(']').toString();
    }

    /** Collects fields in declaration order. Not thread-safe. */
    public static final class Builder {
      private final List<Field> fields = new ArrayList<>();

      private Builder() {}

      /**
       * Adds a field without aliases.
       *
       * @param name the canonical name
       * @param shape the shape
       * @return this builder
       */
      public Builder field(String name, Shape shape) {
        fields.add(new Field(name, List.of(), shape));
        return this;
      }

      /**
       * Adds a field with one or more aliases.
       *
       * @param name the canonical name
       * @param shape the shape
       * @param aliases the snake_case aliases
       * @return this builder
       */
      public Builder field(String name, Shape shape, String... aliases) {
        fields.add(new Field(name, List.of(aliases), shape));
        return this;
      }

      /**
       * Adds Consul Enterprise's {@code Namespace} and {@code Partition} keys.
       *
       * @return this builder
       */
      public Builder enterpriseMeta() {
        return field("Partition", STRING).field("Namespace", STRING);
      }

      /**
       * Builds the struct.
       *
       * @return the struct
       */
      public Struct build() {
        return new Struct(fields);
      }
    }
  }
}
