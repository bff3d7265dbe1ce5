package dev.meshgate.consul.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * The module's Jackson settings: one shared, immutable mapper. Parsing is bounded (nesting depth
 * 64, documents of at most 16 MiB, numbers of at most 64 digits), keeps numbers exact (big decimals
 * rather than doubles) and rejects trailing content, so that any input yields a tree or a typed
 * {@link JsonProcessingException}. A key written twice keeps its last value, as Go's decoder does.
 * Thread-safe.
 */
public final class Json {
  /** The deepest nesting accepted; Consul's deepest entry is far shallower. */
  public static final int MAX_DEPTH = 64;

  /** The largest document accepted, in bytes. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(64)
            .maxStringLength(MAX_BYTES)
            .maxDocumentLength(MAX_BYTES)
            .build())
        .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return mapper;
  }

  /**
   * Parses one JSON document.
   *
   * @param bytes UTF-8 JSON
   * @return the tree; a {@code MissingNode} for empty input
   * @throws JsonProcessingException if the bytes are not one JSON document within the limits
   */
  public static JsonNode parse(byte[] bytes) throws JsonProcessingException {
    if (bytes.length > MAX_BYTES) {
      throw new JsonProcessingException("document of " + bytes.length + " bytes (expected: at most "
          + MAX_BYTES + ")") {
        private static final long serialVersionUID = 1L;
      };
    }
    try {
      return MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new JsonProcessingException(e.getMessage(), e) {
        private static final long serialVersionUID = 1L;
      };
    }
  }

  /**
   * Returns the shared node factory.
   *
   * @return the factory
   */
  public static JsonNodeFactory nodes() {
    return MAPPER.getNodeFactory();
  }

  /**
   * Writes a tree as compact JSON.
   *
   * @param node the tree
   * @return the JSON text
   */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }

  /**
   * Writes a tree as JSON indented by two spaces, one field a line, with a final newline, in the
   * layout of Go's {@code json.MarshalIndent} ({@code "Key": value}, empty lists as {@code []}).
   *
   * @param node the tree
   * @return the JSON text
   */
  public static String pretty(JsonNode node) {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
