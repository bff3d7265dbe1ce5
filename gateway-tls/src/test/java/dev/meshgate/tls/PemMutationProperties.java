package dev.meshgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever is done to valid PEM text, loading it succeeds or fails with TlsMaterialException only. */
class PemMutationProperties {
  private static final String CA = read("ca.pem");
  private static final String BUNDLE = read("bundle-with-comments.pem");
  private static final String CERT = read("leaf-cert.pem");
  private static final String KEY = read("leaf-key.pem");
  private static final String SEC1 = read("leaf-key-sec1-no-curve.pem");
  private static final String ENCRYPTED = read("leaf-key-pkcs8-encrypted.pem");

  private static String read(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/pem", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One edit: 0 delete a range, 1 insert a character, 2 replace a character, 3 truncate, 4 duplicate a range. */
  record Mutation(int kind, double at, int length, char c) {
    String apply(String text) {
      int position = (int) (at * text.length());
      int end = Math.min(text.length(), position + length);
      switch (kind) {
        case 0:
          return text.substring(0, position) + text.substring(end);
        case 1:
          return text.substring(0, position) + c + text.substring(position);
        case 2:
          return position == text.length() ? text : text.substring(0, position) + c + text.substring(position + 1);
        case 3:
          return text.substring(0, position);
        default:
          return text.substring(0, end) + text.substring(position);
      }
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Character> chars = Arbitraries.oneOf(
        Arbitraries.of('-', '=', '\n', ':', ' ', 'A', '/', '+', '\0', '\u00e9'), Arbitraries.chars());
    Arbitrary<Mutation> one = Combinators.combine(
        Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
        Arbitraries.integers().between(1, 80), chars).as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  private static String mutate(String text, List<Mutation> mutations) {
    String out = text;
    for (Mutation m : mutations) {
      out = m.apply(out);
    }
    return out;
  }

  @Property(tries = 400)
  void mutatedCaBundlesLoadOrFailWithTheDocumentedException(@ForAll("mutations") List<Mutation> mutations) {
    String text = mutate(CA + BUNDLE, mutations);
    try {
      TrustBundle.parse("bundle", text);
    } catch (TlsMaterialException e) {
      assertEquals("bundle: ", e.getMessage().substring(0, 8));
    }
  }

  @Property(tries = 400)
  void mutatedCertificatesAndKeysLoadOrFailWithTheDocumentedException(
      @ForAll("mutations") List<Mutation> certMutations, @ForAll("mutations") List<Mutation> keyMutations) {
    String cert = mutate(CERT, certMutations);
    String key = mutate(keyMutations.size() % 2 == 0 ? KEY : SEC1, keyMutations);
    try {
      KeyMaterial.parse("leaf", cert, key, new char[0], PemCorpusGenerator.NOW);
    } catch (TlsMaterialException e) {
      assertEquals("leaf (", e.getMessage().substring(0, 6));
    }
  }

  @Property(tries = 100)
  void mutatedEncryptedKeysLoadOrFailWithTheDocumentedException(@ForAll("mutations") List<Mutation> mutations) {
    try {
      KeyMaterial.parse("leaf", CERT, mutate(ENCRYPTED, mutations), PemCorpusGenerator.PASSWORD.toCharArray(),
          PemCorpusGenerator.NOW);
    } catch (TlsMaterialException e) {
      assertEquals("leaf (", e.getMessage().substring(0, 6));
    }
  }
}
