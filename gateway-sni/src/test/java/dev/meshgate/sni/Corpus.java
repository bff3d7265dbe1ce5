package dev.meshgate.sni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ClientHello corpus ({@code <meshgate.corpus.dir>}: the copy in this module's test
 * resources, {@code corpus/clienthello/}): its manifest and captures. A missing folder or property is an error, never a skip: these tests are the
 * parser's proof against real clients. Public for the tests of {@code dev.meshgate.sni.netty}.
 */
public final class Corpus {
  private Corpus() {}

  /** One manifest entry with its bytes. */
  public record Case(String id, String source, byte[] bytes, Map<String, Object> expected,
      List<String> acceptableVerdicts) {
    public String verdict() {
      return (String) expected.get("verdict");
    }

    boolean isRealHello() {
      return "real".equals(source) && "ok".equals(verdict());
    }

    @Override
    public String toString() {
      return id;
    }
  }

  private static List<Case> cases;

  static Path directory() {
    String corpus = System.getProperty("meshgate.corpus.dir");
    if (corpus == null) {
      throw new IllegalStateException(
          "system property meshgate.corpus.dir is not set; run the tests through Maven");
    }
    Path dir = Path.of(corpus);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("ClientHello corpus folder is missing: " + dir.toAbsolutePath()
          + " (expected gateway-sni/src/test/resources/corpus/clienthello in the checkout)");
    }
    return dir;
  }

  @SuppressWarnings("unchecked")
  public static synchronized List<Case> cases() {
    if (cases == null) {
      Path dir = directory();
      try {
        List<Object> manifest =
            (List<Object>) Json.parse(Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8));
        List<Case> loaded = new ArrayList<>();
        for (Object entry : manifest) {
          Map<String, Object> m = (Map<String, Object>) entry;
          List<String> acceptable = m.get("acceptable_verdicts") == null
              ? List.of() : (List<String>) (List<?>) m.get("acceptable_verdicts");
          loaded.add(new Case((String) m.get("id"), (String) m.get("source"),
              Files.readAllBytes(dir.resolve((String) m.get("file"))),
              (Map<String, Object>) m.get("expected"), acceptable));
        }
        cases = List.copyOf(loaded);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cases;
  }

  static Case get(String id) {
    return cases().stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no corpus case " + id));
  }

  static List<Case> realHellos() {
    return cases().stream().filter(Case::isRealHello).toList();
  }

  /** Every case whose expected verdict is ok (real and synthetic). */
  static List<Case> completeHellos() {
    return cases().stream().filter(c -> "ok".equals(c.verdict())).toList();
  }
}
