package dev.meshgate.core.internal;

import dev.meshgate.core.config.InvalidConfigEntryException;
import dev.meshgate.core.internal.text.GoText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects validation problems of one config entry, in the order they are found, so that a
 * validator reports all of them at once instead of stopping at the first.
 *
 * <p>Not thread-safe: one instance per validation run.
 */
public final class Problems {
  /** Consul's {@code metaMaxKeyPairs}. */
  public static final int META_MAX_KEY_PAIRS = 64;

  /** Consul's {@code metaKeyMaxLength}. */
  public static final int META_KEY_MAX_LENGTH = 128;

  /** Consul's {@code metaValueMaxLength}. */
  public static final int META_VALUE_MAX_LENGTH = 512;

  private final String kind;
  private final String name;
  private final List<String> messages = new ArrayList<>();

  /**
   * Starts collecting problems for one entry.
   *
   * @param kind the config entry kind, e.g. {@code service-intentions}
   * @param name the entry's name as written
   */
  public Problems(String kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  /**
   * Records one problem.
   *
   * @param message the complete message, in Consul's wording where Consul has one
   */
  public void add(String message) {
    messages.add(message);
  }

  /**
   * Records one problem formatted with {@link Locale#ROOT}.
   *
   * @param format a {@link String#format} pattern
   * @param args the pattern's arguments
   */
  public void addf(String format, Object... args) {
    messages.add(String.format(Locale.ROOT, format, args));
  }

  /**
   * Tells whether nothing has been recorded.
   *
   * @return true when no problem was recorded
   */
  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /**
   * Returns the problems recorded so far.
   *
   * @return an immutable copy, in recording order
   */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  /**
   * Throws if anything was recorded.
   *
   * @throws InvalidConfigEntryException carrying every recorded problem
   */
  public void throwIfAny() {
    if (!messages.isEmpty()) {
      throw new InvalidConfigEntryException(kind, name, messages);
    }
  }

  /**
   * Checks Consul's limits on a config entry's {@code Meta}: at most 64 pairs, keys of at most 128
   * bytes, values of at most 512 bytes (UTF-8, as Go's {@code len} counts). Keys are checked in sorted order so that the messages do
   * not depend on map iteration order (Consul's order is Go's random map order).
   *
   * @param meta the entry's meta map
   */
  public void checkMeta(Map<String, String> meta) {
    if (meta.size() > META_MAX_KEY_PAIRS) {
      addf("Meta exceeds maximum element count %d", META_MAX_KEY_PAIRS);
    }
    meta.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (goLength(e.getKey()) > META_KEY_MAX_LENGTH) {
                addf("Meta key %s exceeds maximum length %d", quote(e.getKey()), META_KEY_MAX_LENGTH);
              }
              if (goLength(e.getValue()) > META_VALUE_MAX_LENGTH) {
                addf(
                    "Meta value for key %s exceeds maximum length %d",
                    quote(e.getKey()),
                    META_VALUE_MAX_LENGTH);
              }
            });
  }

  /**
   * Returns the length Go's {@code len} gives a string: its size in UTF-8 bytes. Consul's length
   * limits count bytes, so a 200-character value of two-byte characters exceeds a 256 limit.
   *
   * @param s the string
   * @return its UTF-8 length in bytes
   */
  public static int goLength(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Writes a count with its noun in the right number: {@code 1 route}, {@code 0 routes},
   * {@code 2 routes}. For nouns whose plural adds {@code s}.
   *
   * @param n the count
   * @param noun the singular noun, e.g. {@code route}
   * @return the count and the noun
   */
  public static String count(long n, String noun) {
    return n == 1 ? "1 " + noun : n + " " + noun + "s";
  }

  /**
   * Quotes a string the way Go's {@code %q} does for printable ASCII (see {@link GoText#quote}).
   *
   * @param s the string to quote
   * @return the quoted form
   */
  public static String quote(String s) {
    return GoText.quote(s);
  }
}
