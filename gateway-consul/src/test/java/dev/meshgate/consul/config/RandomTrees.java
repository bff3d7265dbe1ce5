package dev.meshgate.consul.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshgate.consul.internal.json.Shape;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random JSON trees for properties: shaped after a kind's schema (known keys in any case or
 * through aliases, values of the declared type, its weak spellings, or the wrong type), with
 * unknown keys and arbitrary junk mixed in.
 */
final class RandomTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> WORDS = List.of(
      "", "web", "db", "*", "default", "ns1", "allow", "deny", "http", "HTTP", "tcp", "grpc", "GET", "get", "/v1",
      "v1", "5s", "1m30s", "-1", "0x10", "true", "1", "global", "local", "remote", "none", "consul", "TLSv1_2",
      "a.example", "127.0.0.1", "/etc/ca.pem", "x-tenant", "2024-01-02T15:04:05Z", "\u00e9", "a\"b", "mesh");

  private final Random random;

  RandomTrees(Random random) {
    this.random = random;
  }

  /** A tree shaped like an entry of the kind, mostly; sometimes not at all. */
  ObjectNode entry(ConfigEntryKind<?> kind) {
    ObjectNode o = struct(kind.codec().schema(), 0);
    if (random.nextInt(10) != 0) {
      o.put(random.nextBoolean() ? "Kind" : "kind", kind.name());
    } else if (random.nextBoolean()) {
      o.set("Kind", junk(2));
    }
    return o;
  }

  private ObjectNode struct(Shape.Struct shape, int depth) {
    ObjectNode o = NODES.objectNode();
    for (Shape.Field f : shape.fields()) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      o.set(key(f), value(f.shape(), depth + 1));
    }
    if (random.nextInt(8) == 0) {
      o.set(pick(WORDS) + "x", junk(depth + 1));
    }
    return o;
  }

  private String key(Shape.Field f) {
    int r = random.nextInt(10);
    if (r == 0 && !f.aliases().isEmpty()) {
      return f.aliases().get(random.nextInt(f.aliases().size()));
    }
    if (r == 1) {
      return f.name().toLowerCase(Locale.ROOT);
    }
    if (r == 2) {
      return f.name().toUpperCase(Locale.ROOT);
    }
    return f.name();
  }

  private JsonNode value(Shape shape, int depth) {
    if (random.nextInt(12) == 0) {
      return junk(depth);
    }
    if (shape instanceof Shape.Scalar s) {
      return switch (s.kind()) {
        case STRING -> random.nextInt(6) == 0 ? NODES.numberNode(random.nextInt(100)) : NODES.textNode(pick(WORDS));
        case BOOL -> random.nextInt(4) == 0 ? NODES.textNode(pick(List.of("true", "F", "1", "yes")))
            : NODES.booleanNode(random.nextBoolean());
        case INT, UINT32 -> random.nextInt(4) == 0 ? NODES.textNode(pick(List.of("8080", "0x1F", "-3", "1_000", "x")))
            : NODES.numberNode(random.nextInt(70000) - 10);
        case DURATION_NANOS, DURATION_STRING -> random.nextBoolean() ? NODES.textNode(pick(List.of("5s", "1m", "1d", "0")))
            : NODES.numberNode(random.nextInt(1_000_000_000));
        case TIME -> NODES.textNode(pick(List.of("2024-01-02T15:04:05Z", "yesterday")));
        case FLOAT32 -> random.nextInt(4) == 0 ? NODES.textNode(pick(List.of("50", "33.33", "1e2", "x")))
            : NODES.numberNode(pick(List.of(100, 50, 0, -1)) + (random.nextBoolean() ? 0.0 : random.nextInt(100) / 100.0));
      };
    }
    if (shape instanceof Shape.ListOf l) {
      if (random.nextInt(5) == 0) {
        return value(l.element(), depth + 1);
      }
      ArrayNode a = NODES.arrayNode();
      int n = depth > 5 ? 0 : random.nextInt(3);
      for (int i = 0; i < n; i++) {
        a.add(value(l.element(), depth + 1));
      }
      return a;
    }
    if (shape instanceof Shape.MapOf m) {
      ObjectNode o = NODES.objectNode();
      int n = depth > 5 ? 0 : random.nextInt(3);
      for (int i = 0; i < n; i++) {
        o.set(pick(WORDS) + i, value(m.value(), depth + 1));
      }
      return o;
    }
    if (shape instanceof Shape.StringMap || shape instanceof Shape.Opaque) {
      ObjectNode o = NODES.objectNode();
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        o.set(pick(WORDS) + i, shape instanceof Shape.StringMap && random.nextBoolean() ? NODES.textNode(pick(WORDS))
            : junk(depth + 1));
      }
      return o;
    }
    return depth > 6 ? NODES.objectNode() : struct((Shape.Struct) shape, depth);
  }

  /** Any JSON value. */
  JsonNode junk(int depth) {
    int r = random.nextInt(depth > 4 ? 5 : 7);
    return switch (r) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(new BigDecimal(random.nextGaussian() * 1e6).setScale(random.nextInt(3),
          java.math.RoundingMode.HALF_UP));
      case 3 -> NODES.numberNode(random.nextLong());
      case 4 -> NODES.textNode(pick(WORDS));
      case 5 -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          a.add(junk(depth + 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          o.set(pick(WORDS), junk(depth + 1));
        }
        yield o;
      }
    };
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
