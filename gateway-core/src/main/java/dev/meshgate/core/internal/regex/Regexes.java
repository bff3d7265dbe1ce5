package dev.meshgate.core.internal.regex;

import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/*
 * The regular expressions meshgate accepts in PathRegex and header Regex, and how it runs them.
 *
 * Consul hands these regexes to Envoy, which compiles them with Google's RE2 and applies them with
 * FullMatch. meshgate compiles them with RE2/J 1.8 (RE2's syntax and automaton simulation in
 * Java) and applies them with Re2.FullMatch: the whole value must match, and a match takes time
 * linear in the value's length whatever the regex, because RE2/J never backtracks.
 *
 * Accepted syntax: what RE2/J compiles with its default (Perl-like) flags, within the rules below.
 * That is exactly:
 *   - literal characters, and '.' (any character but \n; any character under (?s));
 *   - classes [abc] [^a-z] []a] with ranges, POSIX classes [[:alpha:]] [[:^digit:]] inside
 *     brackets, Perl classes \d \s \w \D \S \W (ASCII), Unicode general categories and scripts
 *     \pL \p{Lu} \p{Greek} \PL \p{^Greek} \p{Any};
 *   - escapes \a \f \t \n \r \v, octal \0 \012 \123 (up to three digits; a lone \1 to \7 is a
 *     backreference), hex \x7F and \x{10FFFF}, quoting \Q...\E, and a backslash before any
 *     punctuation;
 *   - anchors ^ and $ (line anchors under (?m)), \A and \z, ASCII word boundaries \b and \B;
 *   - groups (re), (?:re), (?P<name>re), flags (?imsU) and (?i-m:re) (U makes repetition lazy);
 *   - alternation |, repetition * + ? {n} {n,} {n,m} with counts up to 1000, each made lazy by a
 *     trailing ?.
 * Anything else is rejected, by RE2/J or by these rules: backreferences, lookahead and lookbehind,
 * atomic groups, possessive quantifiers, (?x), \Z \G \h \e \cX \C \N, Java's \p{Alpha}, ...
 *
 * Rules beyond RE2/J's own, where RE2/J accepts what Envoy's RE2 refuses or what would cost too
 * much (checked in this order, before RE2/J compiles anything):
 *   1. No unpaired surrogate: it is not Unicode, and Envoy receives the regex as UTF-8.
 *   2. No (?<name>re): RE2/J accepts it, but RE2 learned it only in 2023 and Envoys built before
 *      reject it. (?P<name>re) means the same to both.
 *   3. Nested counted repetitions multiply to at most 1000: (?:\b{10}){100} is at the limit,
 *      (a{2}){501} beyond. This is RE2's own rule, which RE2/J lacks (it would compile
 *      ((a{1000}){1000}){1000} into a billion instructions). A count's share is its maximum, or
 *      its minimum when unbounded; zero counts nothing.
 *   4. Groups nest at most 1000 deep: RE2/J compiles recursively and would exhaust the stack.
 *   5. At most 10,000 elements once counted repetitions are multiplied out (every literal,
 *      class, anchor and group counts one): meshgate's own bound on what compiling and matching
 *      one regex may cost, far above what rule 6 lets through except for regexes made of empty
 *      groups and anchors.
 *   6. A regex whose RE2 program certainly has more than 100 instructions is rejected: Envoy
 *      refuses larger ones unless its runtime raises re2.max_program_size.error_level, and Consul
 *      does not. RE2's count depends on its compiler (UTF-8 byte ranges, prefix factoring), so
 *      meshgate computes a lower bound, and rejects only what Envoy surely refuses: one
 *      instruction per literal, class or '.', two per capture group, counted repetitions
 *      multiplied out, the larger branch of an alternation, plus two; nothing for anchors, for
 *      the literal prefix that follows a leading ^ (RE2 matches it apart), or for a part that
 *      may compile to nothing (a class such as [^\x00-\x{10FFFF}]). Measured against RE2
 *      2022-06-01: a{98} is estimated at 100 (RE2: 102), /api/(.*a){12}x at 56 (RE2: 142), so
 *      some regexes pass here that a default Envoy refuses.
 *
 * Differences that remain: RE2 accepts \C (any byte), RE2/J rejects it; Unicode classes and
 * (?i) folding follow RE2/J's Unicode tables, which may be of another Unicode version than a given
 * Envoy's RE2; Envoy matches the UTF-8 bytes of a value and meshgate its UTF-16 characters, which
 * agree for valid Unicode.
 */

/**
 * Which regexes meshgate accepts in intentions, where Envoy will run them: RE2 syntax within the
 * limits of Envoy's RE2 (rules 1 to 6 above); accepted regexes run through {@link Re2.FullMatch}.
 * Stateless and thread-safe.
 */
public final class Regexes {
  static final int MAX_REPEAT = 1000;
  static final int MAX_NESTING = 1000;
  static final int MAX_EXPANDED = 10_000;
  static final int ENVOY_MAX_PROGRAM_SIZE = 100;

  private Regexes() {}

  /**
   * Returns why a regex cannot be used, as the end of a sentence that starts with the field and
   * the quoted regex.
   *
   * @param regex the regex
   * @return e.g. {@code is not a valid regular expression: missing closing ): `(ab`}, or
   *     {@code null} when the regex is accepted
   */
  public static String problem(String regex) {
    Shape shape = Shape.of(regex);
    if (shape.problem != null) {
      return shape.problem;
    }
    try {
      Re2.compile(regex);
    } catch (PatternSyntaxException e) {
      return "is not a valid regular expression: " + e.getDescription() + ": `" + e.getPattern() + "`";
    }
    if (shape.programSize > ENVOY_MAX_PROGRAM_SIZE) {
      return "needs an RE2 program of at least " + shape.programSize + " instructions; Envoy refuses more than "
          + ENVOY_MAX_PROGRAM_SIZE + " by default (runtime key re2.max_program_size.error_level)";
    }
    return null;
  }

  /**
   * What a scan of a regex finds without compiling it: a problem with rules 1 to 5, or the lower
   * bound of rule 6. The scan follows RE2's grammar only as far as these need; syntax errors are
   * left to RE2/J, which compiles next. Iterative, so any input scans in linear time and constant
   * stack.
   */
  static final class Shape {
    private static final long CAP = 1L << 40;

    String problem;
    long programSize;

    private final String s;
    private final List<Frame> frames = new ArrayList<>();

    private Shape(String s) {
      this.s = s;
    }

    static Shape of(String regex) {
      Shape shape = new Shape(regex);
      shape.problem = unpairedSurrogate(regex);
      if (shape.problem == null) {
        shape.scan();
      }
      return shape;
    }

    private static String unpairedSurrogate(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return "contains an unpaired surrogate at index " + i + ", which is not Unicode";
        }
      }
      return null;
    }

    /** One open group, or the whole regex at the bottom of the stack. */
    private static final class Frame {
      final boolean capture;
      /** The current branch's committed items: lower bound, expanded size, may compile to nothing. */
      long weight;
      long size;
      boolean fails;
      /** The finished branches: the largest lower bound, the summed size, all may fail. */
      long altWeight;
      long altSize;
      boolean altFails = true;
      /** The largest product of nested counted repetitions inside. */
      long chain = 1;
      /** The last item, which a quantifier may still repeat. */
      boolean pending;
      long pWeight;
      long pSize;
      long pChain;
      boolean pFails;
      boolean pRepeated;
      boolean pLiteral;
      boolean pAnchor;
      /** Top level only: 0 before the first item, 1 in the literal prefix after a leading ^, 2 after. */
      int prefix;

      Frame(boolean capture, boolean top) {
        this.capture = capture;
        this.prefix = top ? 0 : 2;
      }
    }

    private void scan() {
      frames.add(new Frame(false, true));
      int n = s.length();
      int i = 0;
      while (i < n && problem == null) {
        char c = s.charAt(i);
        switch (c) {
          case '\\' -> i = escape(i);
          case '[' -> i = characterClass(i);
          case '(' -> i = open(i);
          case ')' -> {
            if (frames.size() == 1) {
              problem = "is not a valid regular expression: unexpected ): `" + s + "`";
              return;
            }
            closeGroup();
            i++;
          }
          case '|' -> {
            Frame f = top();
            closeBranch(f);
            f.prefix = 2;
            i++;
          }
          case '*', '+', '?' -> {
            repeat(c == '+' ? 1 : 0, c == '?' ? 1 : -1, false);
            i = lazy(i + 1);
          }
          case '{' -> {
            int end = countedRepeat(i);
            if (end < 0) {
              atom(1, 1, false, true, false);
              i++;
            } else {
              i = lazy(end);
            }
          }
          case '.' -> {
            atom(1, 1, false, false, false);
            i++;
          }
          case '^', '$' -> {
            atom(0, 1, false, false, c == '^');
            i++;
          }
          default -> {
            atom(1, 1, false, true, false);
            i += Character.charCount(s.codePointAt(i));
          }
        }
      }
      if (problem != null) {
        return;
      }
      while (frames.size() > 1) {
        closeGroup(); // an unclosed group; RE2/J reports it
      }
      Frame f = top();
      closeBranch(f);
      if (f.altSize > MAX_EXPANDED) {
        problem = "expands to more than " + MAX_EXPANDED
            + " elements when its counted repetitions are multiplied out (meshgate's limit)";
        return;
      }
      programSize = f.altFails ? 0 : Math.min(CAP, f.altWeight + 2);
    }

    private Frame top() {
      return frames.get(frames.size() - 1);
    }

    private static long add(long a, long b) {
      return Math.min(CAP, a + b);
    }

    private static long times(long a, long b) {
      return a == 0 || b == 0 ? 0 : Math.min(CAP, a > CAP / b ? CAP : a * b);
    }

    private void atom(long weight, long size, boolean fails, boolean literal, boolean anchor) {
      Frame f = top();
      commit(f);
      f.pending = true;
      f.pWeight = weight;
      f.pSize = size;
      f.pChain = 1;
      f.pFails = fails;
      f.pRepeated = false;
      f.pLiteral = literal;
      f.pAnchor = anchor;
    }

    private static void commit(Frame f) {
      if (!f.pending) {
        return;
      }
      f.pending = false;
      long weight = f.pWeight;
      if (f.prefix == 1 && f.pLiteral && !f.pRepeated) {
        weight = 0; // part of the literal prefix after a leading ^
      } else if (f.prefix == 0 && f.pAnchor && !f.pRepeated) {
        f.prefix = 1;
      } else {
        f.prefix = 2;
      }
      f.weight = add(f.weight, weight);
      f.size = add(f.size, f.pSize);
      f.fails |= f.pFails;
      f.chain = Math.max(f.chain, f.pChain);
    }

    private static void closeBranch(Frame f) {
      commit(f);
      f.altWeight = Math.max(f.altWeight, f.fails ? 0 : f.weight);
      f.altSize = add(f.altSize, f.size);
      f.altFails &= f.fails;
      f.weight = 0;
      f.size = 0;
      f.fails = false;
    }

    private void closeGroup() {
      Frame f = frames.remove(frames.size() - 1);
      closeBranch(f);
      long weight = f.altFails ? 0 : add(f.altWeight, f.capture ? 2 : 0);
      atom(weight, add(f.altSize, 1), f.altFails, false, false);
      top().pChain = f.chain;
    }

    /** Applies a quantifier to the pending item; {@code max} -1 means unbounded. */
    private void repeat(int min, int max, boolean counted) {
      Frame f = top();
      if (!f.pending || f.pRepeated) {
        return; // nothing to repeat, or a repeated repetition: RE2/J reports it
      }
      f.pRepeated = true;
      if (!counted) {
        f.pWeight = f.pFails ? 0 : f.pWeight;
        f.pFails = f.pFails && min > 0;
        f.pSize = add(f.pSize, 1);
        return;
      }
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
        return; // an invalid count: RE2/J reports it
      }
      int share = max >= 0 ? max : min;
      long chain = share > 0 ? f.pChain * share : f.pChain;
      if (chain > MAX_REPEAT) {
        problem = "repeats a part more than " + MAX_REPEAT
            + " times when its nested counts are multiplied, which RE2 (Envoy) rejects";
        return;
      }
      f.pChain = chain;
      long copies = max >= 0 ? max : Math.max(min, 1);
      f.pWeight = f.pFails ? 0 : times(copies, f.pWeight);
      f.pFails = f.pFails && min > 0;
      f.pSize = add(times(Math.max(copies, 1), f.pSize), 1);
    }

    private int lazy(int i) {
      return i < s.length() && s.charAt(i) == '?' ? i + 1 : i;
    }

    /** Applies {n}, {n,} or {n,m} at {@code i} and returns the index after it, or -1 if it is a literal. */
    private int countedRepeat(int i) {
      int n = s.length();
      int j = i + 1;
      int start = j;
      int min = 0;
      while (j < n && isDigit(s.charAt(j))) {
        min = Math.min(MAX_REPEAT * 10, min * 10 + (s.charAt(j) - '0'));
        j++;
      }
      if (j == start || j >= n) {
        return -1;
      }
      int max = min;
      if (s.charAt(j) == ',') {
        j++;
        start = j;
        max = 0;
        while (j < n && isDigit(s.charAt(j))) {
          max = Math.min(MAX_REPEAT * 10, max * 10 + (s.charAt(j) - '0'));
          j++;
        }
        if (j == start) {
          max = -1;
        }
      }
      if (j >= n || s.charAt(j) != '}') {
        return -1;
      }
      repeat(min, max, true);
      return j + 1;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private int open(int i) {
      int n = s.length();
      boolean capture = true;
      int next = i + 1;
      if (s.startsWith("(?", i)) {
        if (s.startsWith("(?P<", i)) {
          int close = s.indexOf('>', i);
          next = close < 0 ? n : close + 1;
        } else if (s.startsWith("(?<", i) && !s.startsWith("(?<=", i) && !s.startsWith("(?<!", i)) {
          problem = "uses the group syntax (?<name>...), which RE2 in Envoys built before 2023 rejects;"
              + " write (?P<name>...)";
          return n;
        } else {
          int j = i + 2;
          while (j < n && "imsU-".indexOf(s.charAt(j)) >= 0) {
            j++;
          }
          if (j < n && s.charAt(j) == ')') {
            commit(top()); // flags apply from here on; a quantifier after them has no argument
            top().size = add(top().size, 1);
            return j + 1;
          }
          capture = false;
          next = j < n && s.charAt(j) == ':' ? j + 1 : i + 2;
        }
      }
      if (frames.size() > MAX_NESTING) {
        problem = "nests groups more than " + MAX_NESTING + " deep";
        return n;
      }
      commit(top());
      frames.add(new Frame(capture, false));
      return next;
    }

    /** Reads an escape outside brackets and returns the index after it. */
    private int escape(int i) {
      int n = s.length();
      if (i + 1 >= n) {
        return n; // a trailing backslash: RE2/J reports it
      }
      char e = s.charAt(i + 1);
      switch (e) {
        case 'Q' -> {
          int end = s.indexOf("\\E", i + 2);
          int stop = end < 0 ? n : end;
          for (int k = i + 2; k < stop; k += Character.charCount(s.codePointAt(k))) {
            atom(1, 1, false, true, false);
          }
          return end < 0 ? n : end + 2;
        }
        case 'p', 'P' -> {
          int end = propertyEnd(i + 2);
          boolean negated = (e == 'P') != (end > i + 3 && s.charAt(i + 2) == '{' && s.charAt(i + 3) == '^');
          boolean empty = negated && propertyName(i + 2, end).equals("Any");
          atom(empty ? 0 : 1, 1, empty, false, false);
          return end;
        }
        case 'b', 'B', 'A', 'z' -> {
          atom(0, 1, false, false, e == 'A');
          return i + 2;
        }
        case 'd', 'D', 's', 'S', 'w', 'W' -> {
          atom(1, 1, false, false, false);
          return i + 2;
        }
        default -> {
          atom(1, 1, false, true, false);
          return literalEscapeEnd(i);
        }
      }
    }

    /** Returns the index after a literal escape (\x41, \x{41}, \012, \.) at {@code i}. */
    private int literalEscapeEnd(int i) {
      int n = s.length();
      char e = s.charAt(i + 1);
      if (e == 'x') {
        if (i + 2 < n && s.charAt(i + 2) == '{') {
          int close = s.indexOf('}', i + 3);
          return close < 0 ? n : close + 1;
        }
        return Math.min(n, i + 4);
      }
      if (e >= '0' && e <= '7') {
        int j = i + 2;
        while (j < n && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
          j++;
        }
        return j;
      }
      return i + 1 + Character.charCount(s.codePointAt(i + 1));
    }

    /** The code point a literal escape at {@code i} stands for, or -1 when it is not one. */
    private int literalEscapeValue(int i, int end) {
      char e = s.charAt(i + 1);
      if (e != 'x') {
        return e >= '0' && e <= '7' ? 0 : s.codePointAt(i + 1);
      }
      boolean braced = i + 2 < s.length() && s.charAt(i + 2) == '{';
      int from = i + (braced ? 3 : 2);
      int to = braced ? end - 1 : end;
      if (from >= to || to - from > 8) {
        return -1;
      }
      try {
        return Integer.parseInt(s.substring(from, to), 16);
      } catch (NumberFormatException notHex) {
        return -1;
      }
    }

    private int propertyEnd(int at) {
      if (at >= s.length()) {
        return s.length();
      }
      if (s.charAt(at) != '{') {
        return at + Character.charCount(s.codePointAt(at));
      }
      int close = s.indexOf('}', at);
      return close < 0 ? s.length() : close + 1;
    }

    private String propertyName(int at, int end) {
      if (at >= end) {
        return "";
      }
      if (s.charAt(at) != '{') {
        return s.substring(at, end);
      }
      int from = at + 1 < end && s.charAt(at + 1) == '^' ? at + 2 : at + 1;
      return s.substring(Math.min(from, end), Math.max(from, end - 1));
    }

    /*
     * A bracketed class. It matters only whether it might be empty: RE2 compiles an empty class,
     * and everything concatenated with it, to nothing. A negated class is empty only if what it
     * negates covers every code point, up to U+10FFFF; a plain class only if all it holds is empty.
     */
    private int characterClass(int i) {
      int n = s.length();
      int j = i + 1;
      boolean negated = j < n && s.charAt(j) == '^';
      if (negated) {
        j++;
      }
      boolean first = true;
      boolean mayCoverAll = false;
      boolean mayBeEmpty = false;
      while (j < n) {
        char c = s.charAt(j);
        if (c == ']' && !first) {
          j++;
          break;
        }
        first = false;
        if (c == '[' && s.startsWith("[:", j)) {
          int close = s.indexOf(":]", j + 2);
          if (close >= 0) {
            mayCoverAll |= s.startsWith("[:^", j);
            j = close + 2;
            continue;
          }
        }
        if (c == '\\' && j + 1 < n) {
          char e = s.charAt(j + 1);
          if (e == 'p' || e == 'P') {
            int end = propertyEnd(j + 2);
            boolean itemNegated = (e == 'P') != (end > j + 3 && s.charAt(j + 2) == '{' && s.charAt(j + 3) == '^');
            boolean any = propertyName(j + 2, end).equals("Any");
            mayCoverAll |= itemNegated || any;
            mayBeEmpty |= itemNegated && any;
            j = end;
          } else if ("dswDSW".indexOf(e) >= 0) {
            mayCoverAll |= Character.isUpperCase(e);
            j += 2;
          } else {
            int end = literalEscapeEnd(j);
            mayCoverAll |= literalEscapeValue(j, end) == Character.MAX_CODE_POINT;
            j = end;
          }
          continue;
        }
        int cp = s.codePointAt(j);
        mayCoverAll |= cp == Character.MAX_CODE_POINT;
        j += Character.charCount(cp);
      }
      boolean empty = negated ? mayCoverAll : mayBeEmpty;
      atom(empty ? 0 : 1, 1, empty, false, false);
      return j;
    }
  }
}
