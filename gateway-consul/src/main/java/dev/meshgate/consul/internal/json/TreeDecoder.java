package dev.meshgate.consul.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.core.internal.text.GoText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/*
 * What Consul does, and so what this decoder does (agent/structs DecodeConfigEntry and the CLI's
 * newDecodeConfigEntry: mapstructure with WeaklyTypedInput, HookTranslateKeys, string-to-duration
 * and string-to-time hooks, then every unused key reported):
 *
 * - a key names a field when it equals the field's name ignoring case, or one of the field's
 *   snake_case aliases (also ignoring case). An exact-case match is taken first; when a field is
 *   named twice the canonical spelling wins over an alias, and the first spelling in document order
 *   wins among equals. A second spelling of a name that is not an alias is an unused key, as in
 *   Consul ("Name" and "name" both given: "name" is reported).
 * - an unused key is an error, in Consul's words: invalid config key "Sources[0].cornfig".
 * - a JSON null is as if the key were absent.
 * - weak typing: numbers and booleans into strings ("1"/"0" for booleans), strings and booleans
 *   into numbers (Go's strconv syntax: 0x.., 0o.., 0b.., underscores), numbers and strings into
 *   booleans (Go's ParseBool set, "" is false), a single value into a one-element list, {} into an
 *   empty list, a list of objects merged into a map.
 * - durations: Go's syntax ("5s", "1m30s") or integer nanoseconds.
 *
 * Deliberate differences, all stricter: a negative number into an unsigned field is refused (Go
 * wraps it around), and a number outside 64 bits is refused (Go's float conversion would make it
 * up). HCL's list-of-one-object into a struct field does not apply: JSON has no repeated blocks.
 */

/**
 * Decodes a JSON tree against a {@link Shape.Struct} the way Consul's config-entry decoder does,
 * into a canonical tree: every key spelled as Consul writes it, in declaration order, every value
 * of its declared JSON type (durations as nanoseconds), nulls dropped. Problems are collected, all
 * of them, with Consul's field paths.
 *
 * <p>One instance decodes one entry; not thread-safe.
 */
public final class TreeDecoder {
  private static final JsonNodeFactory NODES = Json.nodes();
  private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

  private final List<Issue> issues = new ArrayList<>();
  private final Set<String> ignoredTopLevel;
  private final boolean ignoreUnknown;

  private TreeDecoder(Set<String> ignoredTopLevel, boolean ignoreUnknown) {
    this.ignoredTopLevel = ignoredTopLevel;
    this.ignoreUnknown = ignoreUnknown;
  }

  /**
   * The outcome of decoding one entry.
   *
   * @param value the canonical tree; fields with problems are left out
   * @param issues every problem, in document order
   */
  public record Result(ObjectNode value, List<Issue> issues) {
    /**
     * Copies the issues.
     *
     * @param value the canonical tree
     * @param issues the problems
     */
    public Result {
      issues = List.copyOf(issues);
    }
  }

  /**
   * Decodes one entry object.
   *
   * @param entry the entry as parsed
   * @param schema the entry's schema
   * @param ignoredTopLevel top-level keys accepted and dropped, compared ignoring case (the kind,
   *     Consul's index fields)
   * @return the canonical tree and the problems
   */
  public static Result decode(ObjectNode entry, Shape.Struct schema, Set<String> ignoredTopLevel) {
    Set<String> lower = new HashSet<>();
    for (String k : ignoredTopLevel) {
      lower.add(k.toLowerCase(java.util.Locale.ROOT));
    }
    TreeDecoder d = new TreeDecoder(lower, false);
    ObjectNode out = d.struct(entry, schema, "", true);
    return new Result(out, d.issues);
  }

  /*
   * An HTTP API answer is read differently from a config entry in one respect: keys the schema
   * does not name are skipped, not reported. Consul adds fields to its answers from release to
   * release, and a client must keep reading them; a config entry, by contrast, is input a user
   * wrote, where an unknown key is a typo.
   */

  /**
   * Decodes one object of an HTTP API answer: as {@link #decode}, except that keys the schema does
   * not name are skipped.
   *
   * @param object the object as parsed
   * @param schema the fields read
   * @param path the object's path in the answer for messages, e.g. {@code [3]}; may be empty
   * @return the canonical tree and the problems, their paths starting with {@code path}
   */
  public static Result decodeAnswer(ObjectNode object, Shape.Struct schema, String path) {
    TreeDecoder d = new TreeDecoder(Set.of(), true);
    ObjectNode out = d.struct(object, schema, path, false);
    return new Result(out, d.issues);
  }

  private void issue(String path, String message) {
    issues.add(new Issue(path, message));
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private ObjectNode struct(ObjectNode in, Shape.Struct schema, String path, boolean topLevel) {
    Map<Shape.Field, JsonNode> assigned = new IdentityHashMap<>();
    Map<Shape.Field, String> assignedKey = new IdentityHashMap<>();
    List<String> keys = new ArrayList<>();
    in.fieldNames().forEachRemaining(keys::add);
    Set<String> consumed = new HashSet<>();
    // Exact-case names first, then names in another case, then aliases: the canonical spelling
    // wins, and an alias only fills a field nobody named.
    for (int pass = 0; pass < 3; pass++) {
      for (String key : keys) {
        if (consumed.contains(key)) {
          continue;
        }
        Shape.Field f = pass == 2 ? schema.byAlias(key) : schema.byName(key);
        if (f == null || (pass == 0 && !f.name().equals(key))) {
          continue;
        }
        if (assignedKey.containsKey(f)) {
          if (pass == 2) {
            consumed.add(key);
          }
          continue;
        }
        consumed.add(key);
        assignedKey.put(f, key);
        JsonNode v = value(in.get(key), f.shape(), child(path, f.name()));
        if (v != null) {
          assigned.put(f, v);
        }
      }
    }
    for (String key : keys) {
      if (consumed.contains(key)) {
        continue;
      }
      if (ignoreUnknown || topLevel && ignoredTopLevel.contains(key.toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      issue("", "invalid config key " + quote(child(path, key)));
    }
    ObjectNode out = NODES.objectNode();
    for (Shape.Field f : schema.fields()) {
      JsonNode v = assigned.get(f);
      if (v != null) {
        out.set(f.name(), v);
      }
    }
    return out;
  }

  /** Decodes one value; returns null when it is absent (JSON null) or has a problem. */
  private JsonNode value(JsonNode in, Shape shape, String path) {
    if (in == null || in.isNull() || in.isMissingNode()) {
      return null;
    }
    if (shape instanceof Shape.Scalar s) {
      return scalar(in, s.kind(), path);
    }
    if (shape instanceof Shape.ListOf l) {
      return list(in, l, path);
    }
    if (shape instanceof Shape.StringMap) {
      return stringMap(in, path);
    }
    if (shape instanceof Shape.MapOf m) {
      return mapOf(in, m, path);
    }
    if (shape instanceof Shape.Opaque o) {
      return opaque(in, o, path);
    }
    if (!in.isObject()) {
      issue(path, "expected an object");
      return null;
    }
    return struct((ObjectNode) in, (Shape.Struct) shape, path, false);
  }

  private JsonNode list(JsonNode in, Shape.ListOf shape, String path) {
    ArrayNode out = NODES.arrayNode();
    if (!in.isArray()) {
      if (in.isObject() && in.isEmpty()) {
        return out;
      }
      JsonNode v = elementOrZero(in, shape.element(), path + "[0]");
      if (v != null) {
        out.add(v);
      }
      return out;
    }
    int i = 0;
    for (JsonNode element : in) {
      JsonNode v = elementOrZero(element, shape.element(), path + "[" + i + "]");
      if (v != null) {
        out.add(v);
      }
      i++;
    }
    return out;
  }

  /** A null element decodes to the element type's zero value, as a nil does in Go. */
  private JsonNode elementOrZero(JsonNode in, Shape shape, String path) {
    if (in.isNull()) {
      return zero(shape);
    }
    return value(in, shape, path);
  }

  private static JsonNode zero(Shape shape) {
    if (shape instanceof Shape.Scalar s) {
      return switch (s.kind()) {
        case STRING, TIME -> NODES.textNode("");
        case BOOL -> NODES.booleanNode(false);
        case INT, UINT32, DURATION_NANOS, FLOAT32 -> NODES.numberNode(0L);
        case DURATION_STRING -> NODES.textNode("0s");
      };
    }
    if (shape instanceof Shape.ListOf) {
      return NODES.arrayNode();
    }
    if (shape instanceof Shape.Opaque o && !o.objectOnly()) {
      return NODES.nullNode();
    }
    return NODES.objectNode();
  }

  private JsonNode stringMap(JsonNode in, String path) {
    ObjectNode out = NODES.objectNode();
    for (JsonNode part : mapParts(in, path)) {
      for (Map.Entry<String, JsonNode> e : part.properties()) {
        JsonNode v = e.getValue().isNull() ? NODES.textNode("")
            : scalar(e.getValue(), Shape.ScalarKind.STRING, path + "[" + e.getKey() + "]");
        if (v != null) {
          out.set(e.getKey(), v);
        }
      }
    }
    return out;
  }

  /** Keys verbatim, in document order; a null value is the value shape's zero, as a nil in Go. */
  private JsonNode mapOf(JsonNode in, Shape.MapOf shape, String path) {
    ObjectNode out = NODES.objectNode();
    for (JsonNode part : mapParts(in, path)) {
      for (Map.Entry<String, JsonNode> e : part.properties()) {
        JsonNode v = elementOrZero(e.getValue(), shape.value(), path + "[" + e.getKey() + "]");
        if (v != null) {
          out.set(e.getKey(), v);
        }
      }
    }
    return out;
  }

  private JsonNode opaque(JsonNode in, Shape.Opaque shape, String path) {
    if (!shape.objectOnly()) {
      return verbatim(in);
    }
    ObjectNode out = NODES.objectNode();
    for (JsonNode part : mapParts(in, path)) {
      out.setAll((ObjectNode) verbatim(part));
    }
    return out;
  }

  /**
   * Copies an opaque value. Keys and strings are kept as written; numbers are written as Go writes
   * the float64 it decodes them into would compare: an integral number is an integer ({@code 5.0}
   * is {@code 5}), so that one value has one tree.
   */
  static JsonNode verbatim(JsonNode in) {
    if (in.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : in.properties()) {
        out.set(e.getKey(), verbatim(e.getValue()));
      }
      return out;
    }
    if (in.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode e : in) {
        out.add(verbatim(e));
      }
      return out;
    }
    if (in.isNumber()) {
      BigDecimal d = in.decimalValue().stripTrailingZeros();
      if (d.scale() <= 0 && fits(d, 20) && d.toBigInteger().bitLength() <= 63) {
        return NODES.numberNode(d.longValueExact());
      }
      return NODES.numberNode(d);
    }
    return in.deepCopy();
  }

  /** An object, or (weakly) a list of objects to merge in order. */
  private List<JsonNode> mapParts(JsonNode in, String path) {
    if (in.isObject()) {
      return List.of(in);
    }
    if (in.isArray()) {
      List<JsonNode> parts = new ArrayList<>();
      int i = 0;
      for (JsonNode element : in) {
        if (!element.isObject()) {
          issue(path + "[" + i + "]", "expected an object");
          return List.of();
        }
        parts.add(element);
        i++;
      }
      return parts;
    }
    issue(path, "expected an object");
    return List.of();
  }

  private JsonNode scalar(JsonNode in, Shape.ScalarKind kind, String path) {
    return switch (kind) {
      case STRING -> string(in, path);
      case BOOL -> bool(in, path);
      case INT -> integer(in, path, false);
      case UINT32 -> integer(in, path, true);
      case DURATION_NANOS -> duration(in, path);
      case DURATION_STRING -> durationText(in, path);
      case TIME -> time(in, path);
      case FLOAT32 -> float32(in, path);
    };
  }

  private JsonNode string(JsonNode in, String path) {
    if (in.isTextual()) {
      return in;
    }
    if (in.isBoolean()) {
      return NODES.textNode(in.booleanValue() ? "1" : "0");
    }
    if (in.isNumber() && fits(in.decimalValue(), MAX_DIGITS) && in.decimalValue().scale() <= MAX_DIGITS) {
      return NODES.textNode(plain(in.decimalValue()));
    }
    issue(path, "expected a string");
    return null;
  }

  /**
   * Tells whether a number's integer part has at most {@code digits} digits, without computing it:
   * {@code 1e999999999} is a few bytes of JSON but a billion digits as an integer.
   */
  static boolean fits(BigDecimal d, int digits) {
    return d.signum() == 0 || d.precision() - d.scale() <= digits;
  }

  /** Numbers beyond this many integer digits are refused rather than expanded. */
  private static final int MAX_DIGITS = 40;

  private static String plain(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
  }

  private JsonNode bool(JsonNode in, String path) {
    if (in.isBoolean()) {
      return in;
    }
    if (in.isNumber()) {
      return NODES.booleanNode(in.decimalValue().signum() != 0);
    }
    if (in.isTextual()) {
      switch (in.textValue()) {
        case "1", "t", "T", "TRUE", "true", "True" -> {
          return NODES.booleanNode(true);
        }
        case "0", "f", "F", "FALSE", "false", "False", "" -> {
          return NODES.booleanNode(false);
        }
        default -> {
          // fall through to the error
        }
      }
    }
    issue(path, "expected a boolean");
    return null;
  }

  private JsonNode integer(JsonNode in, String path, boolean unsigned32) {
    String expected = unsigned32 ? "expected a non-negative integer of at most 32 bits" : "expected an integer";
    BigInteger v;
    if (in.isNumber()) {
      v = fits(in.decimalValue(), 20) ? in.decimalValue().setScale(0, RoundingMode.DOWN).toBigIntegerExact() : null;
    } else if (in.isBoolean()) {
      v = in.booleanValue() ? BigInteger.ONE : BigInteger.ZERO;
    } else if (in.isTextual()) {
      v = in.textValue().isEmpty() ? BigInteger.ZERO : goInteger(in.textValue());
    } else {
      v = null;
    }
    if (v == null || v.bitLength() > 63 || (unsigned32 && (v.signum() < 0 || v.compareTo(UINT32_MAX) > 0))) {
      issue(path, expected);
      return null;
    }
    return NODES.numberNode(v.longValue());
  }

  /** Go's strconv.ParseInt(s, 0, 64) syntax: sign, 0x/0o/0b or leading-0 octal, underscores. */
  static BigInteger goInteger(String s) {
    int i = 0;
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    String body = s.substring(i);
    int radix = 10;
    // After an explicit base prefix an underscore may come first ("0x_1f"), as in Go.
    boolean underscoreMayLead = false;
    if (body.length() >= 2 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x' || p == 'o' || p == 'b') {
        radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
        body = body.substring(2);
        underscoreMayLead = true;
      } else {
        radix = 8;
      }
    }
    StringBuilder digits = new StringBuilder();
    char last = underscoreMayLead ? '0' : '^';
    for (int k = 0; k < body.length(); k++) {
      char c = body.charAt(k);
      if (c == '_') {
        if (last != '0') {
          return null;
        }
        last = '_';
        continue;
      }
      if (Character.digit(c, radix) < 0) {
        return null;
      }
      digits.append(c);
      last = '0';
    }
    if (last == '_' || digits.length() == 0) {
      return null;
    }
    BigInteger v = new BigInteger(digits.toString(), radix);
    return negative ? v.negate() : v;
  }

  private JsonNode duration(JsonNode in, String path) {
    if (in.isTextual()) {
      try {
        return NODES.numberNode(GoDuration.parse(in.textValue()));
      } catch (IllegalArgumentException e) {
        issue(path, "expected a duration such as \"5s\": " + e.getMessage());
        return null;
      }
    }
    if (in.isNumber() && fits(in.decimalValue(), 20)) {
      BigInteger v = in.decimalValue().setScale(0, RoundingMode.DOWN).toBigIntegerExact();
      if (v.bitLength() <= 63) {
        return NODES.numberNode(v.longValue());
      }
    }
    issue(path, "expected a duration such as \"5s\", or integer nanoseconds");
    return null;
  }

  /** A duration in Go's syntax, as Go's {@code Duration.String} writes it. */
  private JsonNode durationText(JsonNode in, String path) {
    JsonNode nanos = duration(in, path);
    return nanos == null ? null : NODES.textNode(GoDuration.format(nanos.longValue()));
  }

  /**
   * A float32 from a number, a string in Go's float syntax or a boolean; an integral value is
   * written as an integer ({@code 50.0} is {@code 50}), so that one value has one tree.
   */
  private JsonNode float32(JsonNode in, String path) {
    float f;
    if (in.isNumber()) {
      f = in.floatValue();
    } else if (in.isBoolean()) {
      f = in.booleanValue() ? 1 : 0;
    } else if (in.isTextual() && !in.textValue().isEmpty()) {
      try {
        f = Float.parseFloat(in.textValue().replace("_", ""));
      } catch (NumberFormatException e) {
        f = Float.NaN;
      }
    } else {
      f = in.isTextual() ? 0 : Float.NaN;
    }
    if (!Float.isFinite(f)) {
      issue(path, "expected a number");
      return null;
    }
    return f == Math.rint(f) && Math.abs(f) < 1e15 ? NODES.numberNode((long) f) : NODES.numberNode(f);
  }

  private JsonNode time(JsonNode in, String path) {
    if (in.isTextual()) {
      try {
        OffsetDateTime.parse(in.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return in;
      } catch (DateTimeParseException e) {
        // fall through to the error
      }
    }
    issue(path, "expected an RFC 3339 time such as \"2024-01-02T15:04:05Z\"");
    return null;
  }

  /**
   * Quotes a string as Go's {@code %q} does for the characters config keys contain.
   *
   * @param s the string
   * @return the quoted string
   */
  public static String quote(String s) {
    return GoText.quote(s);
  }
}
