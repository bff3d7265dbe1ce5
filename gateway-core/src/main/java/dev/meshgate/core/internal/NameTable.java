package dev.meshgate.core.internal;

import java.util.Arrays;

/**
 * An immutable table from DNS-style names (SNI host names, HTTP hosts) to values, with Envoy's
 * matching order:
 *
 * <ol>
 *   <li>the exact name;
 *   <li>suffix wildcards {@code *.<suffix>}, from the longest suffix to the shortest, removing one
 *       leftmost label at a time. A wildcard may cover several labels ({@code *.dc2.internal.td}
 *       matches {@code api.default.dc2.internal.td}) but never zero ({@code *.example.com} does not
 *       match {@code example.com}). This is all {@code server_names} of a filter chain can hold;
 *   <li>prefix wildcards {@code <prefix>.*}, from the longest prefix to the shortest, removing one
 *       rightmost label at a time; again never zero labels ({@code web.ingress.*} matches
 *       {@code web.ingress.consul} but not {@code web.ingress}). Envoy's virtual-host domains use
 *       them, e.g. Consul's default ingress domain {@code <service>.ingress.*};
 *   <li>the catch-all {@code *}.
 * </ol>
 *
 * Only whole labels are wildcards: Envoy also accepts {@code *-bar.example.com}, which no Consul
 * configuration can produce, and this table rejects it. Each step costs one hash probe per label,
 * whatever the table's size.
 *
 * <p>Names compare with ASCII case folding ({@code A-Z} equal {@code a-z}; other characters compare
 * exactly): TLS server names are DNS names and DNS is case-insensitive, while Consul renders SNIs
 * without lower-casing them. One trailing dot on a looked-up name is ignored ({@code api.example.}
 * is {@code api.example}): RFC 6066 forbids it, but real clients send it. Keys themselves may not
 * end with a dot, so there is exactly one spelling per entry.
 *
 * <p>Lookups never allocate, never lock and never throw for any input: the hot path of every
 * gateway. They work on a {@link CharSequence} range or directly on the ASCII bytes of a
 * ClientHello (a byte at or above {@code 0x80} never matches, since SNI host names are ASCII).
 * Instances are immutable and safe to share between threads; the {@link Builder} is not
 * thread-safe.
 *
 * @param <V> the value type
 */
public final class NameTable<V> {
  /*
   * Three open-addressing tables (exact names, suffix-wildcard suffixes, prefix-wildcard prefixes)
   * and the catch-all's value, with linear probing and a load factor of at most 1/2. Wildcard
   * lookups count the name's labels once and probe only the suffixes (prefixes) whose label count
   * some key has: a mesh gateway's 70-character SNI then costs one or two suffix hashes instead of
   * one per label. Each slot keeps the key's folded hash so that most mismatching probes
   * cost one int comparison. The hash folds A-Z to a-z exactly as the equality does, so the byte
   * path, the char path and the keys agree without building a lower-cased copy of the input.
   *
   * The char and byte paths are written out twice on purpose: a shared abstraction over the input
   * would need either a wrapper object per lookup or a megamorphic call per character, and this is
   * the per-connection hot path of every gateway.
   */
  private final Slots exact;
  private final Slots wildcards;
  private final Slots prefixes;
  private final Object catchAll;
  private final int size;

  private NameTable(Slots exact, Slots wildcards, Slots prefixes, Object catchAll) {
    this.exact = exact;
    this.wildcards = wildcards;
    this.prefixes = prefixes;
    this.catchAll = catchAll;
    this.size = exact.count + wildcards.count + prefixes.count + (catchAll == null ? 0 : 1);
  }

  /**
   * Returns a new, empty builder.
   *
   * @param <V> the value type
   * @return a builder
   */
  public static <V> Builder<V> builder() {
    return new Builder<>(8);
  }

  /**
   * Returns a new, empty builder sized for about {@code expectedEntries} entries.
   *
   * @param <V> the value type
   * @param expectedEntries how many entries will be added (a hint; more may be added)
   * @return a builder
   */
  public static <V> Builder<V> builder(int expectedEntries) {
    return new Builder<>(Math.max(8, expectedEntries));
  }

  /**
   * Returns the number of entries of every kind.
   *
   * @return the entry count
   */
  public int size() {
    return size;
  }

  /**
   * Looks a name up: exact entry first, then suffix wildcards from longest to shortest, then prefix
   * wildcards from longest to shortest, then the catch-all.
   *
   * @param name the name, e.g. a ClientHello's SNI; one trailing dot is ignored
   * @return the value, or {@code null} when nothing matches
   */
  public V get(CharSequence name) {
    return get(name, 0, name.length());
  }

  /**
   * Looks up the name {@code name[from, to)} without copying it.
   *
   * @param name the characters holding the name
   * @param from the index of the first character
   * @param to the index after the last character
   * @return the value, or {@code null} when nothing matches or the range is out of bounds
   */
  @SuppressWarnings("unchecked")
  public V get(CharSequence name, int from, int to) {
    if (from < 0 || to > name.length() || from > to) {
      return null;
    }
    if (to > from && name.charAt(to - 1) == '.') {
      to--;
    }
    if (to == from) {
      return null;
    }
    int slot = exact.find(name, from, to);
    if (slot >= 0) {
      return (V) exact.values[slot];
    }
    if (wildcards.count == 0 && prefixes.count == 0) {
      return (V) catchAll;
    }
    int dots = 0;
    for (int i = from; i < to; i++) {
      if (name.charAt(i) == '.') {
        dots++;
      }
    }
    if (wildcards.count != 0) {
      int seen = name.charAt(from) == '.' ? 1 : 0;
      for (int i = from + 1; i < to - 1; i++) {
        if (name.charAt(i) == '.') {
          int labels = dots - ++seen + 1;
          if (labels < wildcards.minLabels) {
            break;
          }
          if (labels <= wildcards.maxLabels) {
            slot = wildcards.find(name, i + 1, to);
            if (slot >= 0) {
              return (V) wildcards.values[slot];
            }
          }
        }
      }
    }
    if (prefixes.count != 0) {
      int seen = name.charAt(to - 1) == '.' ? 1 : 0;
      for (int i = to - 2; i > from; i--) {
        if (name.charAt(i) == '.') {
          int labels = dots - ++seen + 1;
          if (labels < prefixes.minLabels) {
            break;
          }
          if (labels <= prefixes.maxLabels) {
            slot = prefixes.find(name, from, i);
            if (slot >= 0) {
              return (V) prefixes.values[slot];
            }
          }
        }
      }
    }
    return (V) catchAll;
  }

  /**
   * Looks up a name given as ASCII bytes, e.g. straight from a ClientHello's {@code server_name}
   * extension, without building a {@link String}.
   *
   * @param ascii the bytes holding the name
   * @param offset the index of the first byte
   * @param length the number of bytes
   * @return the value, or {@code null} when nothing matches or the range is out of bounds
   */
  @SuppressWarnings("unchecked")
  public V get(byte[] ascii, int offset, int length) {
    if (offset < 0 || length < 0 || ascii.length - offset < length) {
      return null;
    }
    int to = offset + length;
    if (to > offset && ascii[to - 1] == '.') {
      to--;
    }
    if (to == offset) {
      return null;
    }
    int slot = exact.find(ascii, offset, to);
    if (slot >= 0) {
      return (V) exact.values[slot];
    }
    if (wildcards.count == 0 && prefixes.count == 0) {
      return (V) catchAll;
    }
    int dots = 0;
    for (int i = offset; i < to; i++) {
      if (ascii[i] == '.') {
        dots++;
      }
    }
    if (wildcards.count != 0) {
      int seen = ascii[offset] == '.' ? 1 : 0;
      for (int i = offset + 1; i < to - 1; i++) {
        if (ascii[i] == '.') {
          int labels = dots - ++seen + 1;
          if (labels < wildcards.minLabels) {
            break;
          }
          if (labels <= wildcards.maxLabels) {
            slot = wildcards.find(ascii, i + 1, to);
            if (slot >= 0) {
              return (V) wildcards.values[slot];
            }
          }
        }
      }
    }
    if (prefixes.count != 0) {
      int seen = ascii[to - 1] == '.' ? 1 : 0;
      for (int i = to - 2; i > offset; i--) {
        if (ascii[i] == '.') {
          int labels = dots - ++seen + 1;
          if (labels < prefixes.minLabels) {
            break;
          }
          if (labels <= prefixes.maxLabels) {
            slot = prefixes.find(ascii, offset, i);
            if (slot >= 0) {
              return (V) prefixes.values[slot];
            }
          }
        }
      }
    }
    return (V) catchAll;
  }

  /** Returns {@code key} with A-Z folded to a-z (the only case rule of this table). */
  static String lowerAscii(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] folded = key.toCharArray();
        for (int j = i; j < folded.length; j++) {
          folded[j] = (char) fold(folded[j]);
        }
        return new String(folded);
      }
    }
    return key;
  }

  static int fold(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /*
   * A polynomial hash (Java's 31 multiplier) over four interleaved lanes, combined at the end: the
   * four chains are independent and each step is a shift, a subtract and an add, so hashing a
   * 70-character SNI is a few dozen cycles. spread() then mixes the bits. Keys are hashed by the
   * same function, and the char and byte paths compute the same value for ASCII input.
   */
  static int hash(CharSequence s, int from, int to) {
    int h0 = 0;
    int h1 = 0;
    int h2 = 0;
    int h3 = 0;
    int i = from;
    for (; to - i >= 4; i += 4) {
      h0 = 31 * h0 + fold(s.charAt(i));
      h1 = 31 * h1 + fold(s.charAt(i + 1));
      h2 = 31 * h2 + fold(s.charAt(i + 2));
      h3 = 31 * h3 + fold(s.charAt(i + 3));
    }
    for (; i < to; i++) {
      h0 = 31 * h0 + fold(s.charAt(i));
    }
    return spread(((h0 * 31 + h1) * 31 + h2) * 31 + h3 + to - from);
  }

  /** Returns the hash, or {@code 0} for a non-ASCII byte, which can match no key's hash. */
  static int hash(byte[] s, int from, int to) {
    int h0 = 0;
    int h1 = 0;
    int h2 = 0;
    int h3 = 0;
    int i = from;
    for (; to - i >= 4; i += 4) {
      int b0 = s[i];
      int b1 = s[i + 1];
      int b2 = s[i + 2];
      int b3 = s[i + 3];
      if ((b0 | b1 | b2 | b3) < 0) {
        return 0;
      }
      h0 = 31 * h0 + fold(b0);
      h1 = 31 * h1 + fold(b1);
      h2 = 31 * h2 + fold(b2);
      h3 = 31 * h3 + fold(b3);
    }
    for (; i < to; i++) {
      int b = s[i];
      if (b < 0) {
        return 0;
      }
      h0 = 31 * h0 + fold(b);
    }
    return spread(((h0 * 31 + h1) * 31 + h2) * 31 + h3 + to - from);
  }

  private static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    // 0 marks an empty slot; map the one hash value that collides with it elsewhere.
    return h == 0 ? 1 : h;
  }

  /** One open-addressing table. */
  private static final class Slots {
    final String[] keys;
    final Object[] values;
    final int[] hashes;
    final int mask;
    final int count;
    /** The fewest and most labels of a key: wildcard lookups skip suffixes outside the range. */
    final int minLabels;
    final int maxLabels;

    Slots(String[] keys, Object[] values, int[] hashes, int count) {
      this.keys = keys;
      this.values = values;
      this.hashes = hashes;
      this.mask = keys.length - 1;
      this.count = count;
      int min = Integer.MAX_VALUE;
      int max = 0;
      for (String key : keys) {
        if (key != null) {
          int labels = 1;
          for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '.') {
              labels++;
            }
          }
          min = Math.min(min, labels);
          max = Math.max(max, labels);
        }
      }
      this.minLabels = min;
      this.maxLabels = max;
    }

    int find(CharSequence s, int from, int to) {
      return find(s, from, to, hash(s, from, to));
    }

    int find(CharSequence s, int from, int to, int h) {
      int len = to - from;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        int slotHash = hashes[i];
        if (slotHash == 0) {
          return -1;
        }
        if (slotHash == h && (sameString(keys[i], s, from, len) || equalsFolded(keys[i], s, from, len))) {
          return i;
        }
      }
    }

    /** The common case: a whole String in lower case, compared by the JDK's intrinsic. */
    private static boolean sameString(String key, CharSequence s, int from, int len) {
      return from == 0 && s instanceof String str && str.length() == len && key.equals(str);
    }

    int find(byte[] s, int from, int to) {
      int h = hash(s, from, to);
      if (h == 0) {
        return -1;
      }
      int len = to - from;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        int slotHash = hashes[i];
        if (slotHash == 0) {
          return -1;
        }
        if (slotHash == h && equalsFolded(keys[i], s, from, len)) {
          return i;
        }
      }
    }

    private static boolean equalsFolded(String key, CharSequence s, int from, int len) {
      if (key.length() != len) {
        return false;
      }
      for (int i = 0; i < len; i++) {
        if (key.charAt(i) != fold(s.charAt(from + i))) {
          return false;
        }
      }
      return true;
    }

    private static boolean equalsFolded(String key, byte[] s, int from, int len) {
      if (key.length() != len) {
        return false;
      }
      for (int i = 0; i < len; i++) {
        if (key.charAt(i) != fold(s[from + i])) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Collects entries for a {@link NameTable}. A key is an exact name, a suffix wildcard
   * {@code *.<suffix>}, a prefix wildcard {@code <prefix>.*} or the catch-all {@code *}; keys that
   * differ only in ASCII case are the same key. {@link #build()}
   * leaves the builder unchanged, so it can build several tables. Not thread-safe.
   *
   * @param <V> the value type
   */
  public static final class Builder<V> {
    private String[] keys;
    private Object[] values;
    private int[] hashes;
    private int count;
    private Slots index;

    private Builder(int expectedEntries) {
      keys = new String[expectedEntries];
      values = new Object[expectedEntries];
      hashes = new int[expectedEntries];
      index = emptySlots(capacityFor(expectedEntries));
    }

    /**
     * Adds an entry unless the key (ignoring ASCII case) is already present.
     *
     * @param key an exact name such as {@code api.default.dc1.internal.<td>}, a suffix wildcard such
     *     as {@code *.dc2.internal.<td>}, a prefix wildcard such as {@code web.ingress.*}, or
     *     {@code *}
     * @param value the value
     * @return {@code true} if added, {@code false} if the key was already present (the earlier
     *     value is kept)
     * @throws IllegalArgumentException if the key is empty, ends with a dot, has an empty label, or
     *     uses {@code *} anywhere but as the whole first or last label, or alone
     * @throws NullPointerException if the value is null
     */
    public boolean putIfAbsent(String key, V value) {
      if (value == null) {
        throw new NullPointerException("value");
      }
      String problem = keyProblem(key);
      if (problem != null) {
        throw new IllegalArgumentException("name: " + Problems.quote(key) + " (expected: " + problem + ")");
      }
      int h = hash(key, 0, key.length());
      if (index.find(key, 0, key.length(), h) >= 0) {
        return false;
      }
      if (count == keys.length) {
        keys = Arrays.copyOf(keys, count * 2);
        values = Arrays.copyOf(values, count * 2);
        hashes = Arrays.copyOf(hashes, count * 2);
      }
      keys[count] = key;
      values[count] = value;
      hashes[count] = h;
      count++;
      if (count * 2 > index.keys.length) {
        index = emptySlots(index.keys.length * 2);
        for (int i = 0; i < count; i++) {
          insert(index, keys[i], values[i], hashes[i]);
        }
      } else {
        insert(index, key, value, h);
      }
      return true;
    }

    /**
     * Tells whether a key (ignoring ASCII case) was added.
     *
     * @param key the key as given to {@link #putIfAbsent}
     * @return true if present
     */
    public boolean contains(String key) {
      return index.find(key, 0, key.length()) >= 0;
    }

    /**
     * Builds the table from the entries added so far.
     *
     * @return an immutable table
     */
    public NameTable<V> build() {
      int[] counts = new int[4];
      for (int i = 0; i < count; i++) {
        counts[kind(keys[i])]++;
      }
      Slots exact = emptySlots(capacityFor(counts[EXACT]));
      Slots wild = emptySlots(capacityFor(counts[SUFFIX]));
      Slots prefix = emptySlots(capacityFor(counts[PREFIX]));
      Object any = null;
      for (int i = 0; i < count; i++) {
        String key = keys[i];
        switch (kind(key)) {
          case SUFFIX -> {
            String suffix = key.substring(2);
            insert(wild, suffix, values[i], hash(suffix, 0, suffix.length()));
          }
          case PREFIX -> {
            String head = key.substring(0, key.length() - 2);
            insert(prefix, head, values[i], hash(head, 0, head.length()));
          }
          case CATCH_ALL -> any = values[i];
          default -> insert(exact, key, values[i], hashes[i]);
        }
      }
      return new NameTable<>(
          new Slots(exact.keys, exact.values, exact.hashes, counts[EXACT]),
          new Slots(wild.keys, wild.values, wild.hashes, counts[SUFFIX]),
          new Slots(prefix.keys, prefix.values, prefix.hashes, counts[PREFIX]),
          any);
    }

    private static final int EXACT = 0;
    private static final int SUFFIX = 1;
    private static final int PREFIX = 2;
    private static final int CATCH_ALL = 3;

    private static int kind(String key) {
      if (key.equals("*")) {
        return CATCH_ALL;
      }
      if (key.startsWith("*.")) {
        return SUFFIX;
      }
      return key.endsWith(".*") ? PREFIX : EXACT;
    }

    private static int capacityFor(int entries) {
      int capacity = 2;
      while (capacity < entries * 2) {
        capacity <<= 1;
      }
      return capacity;
    }

    private static Slots emptySlots(int capacity) {
      return new Slots(new String[capacity], new Object[capacity], new int[capacity], 0);
    }

    private static void insert(Slots slots, String key, Object value, int h) {
      int i = h & slots.mask;
      while (slots.hashes[i] != 0) {
        i = (i + 1) & slots.mask;
      }
      slots.keys[i] = lowerAscii(key);
      slots.values[i] = value;
      slots.hashes[i] = h;
    }

    private static String keyProblem(String key) {
      if (key.isEmpty()) {
        return "a non-empty name";
      }
      if (key.equals("*")) {
        return null;
      }
      if (key.endsWith(".")) {
        return "no trailing dot; lookups ignore one";
      }
      int start = key.startsWith("*.") ? 2 : 0;
      int end = start == 0 && key.endsWith(".*") ? key.length() - 2 : key.length();
      if (start == end) {
        return start == 2 ? "a suffix after '*.'" : "a prefix before '.*'";
      }
      char previous = '.';
      for (int i = start; i < end; i++) {
        char c = key.charAt(i);
        if (c == '*') {
          return "'*' only as the whole first or last label, or alone";
        }
        if (c == '.' && previous == '.') {
          return "no empty label";
        }
        previous = c;
      }
      return previous == '.' ? "no empty label" : null;
    }
  }
}
