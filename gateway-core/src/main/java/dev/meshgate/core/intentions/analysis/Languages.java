package dev.meshgate.core.intentions.analysis;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.util.ArrayList;
import java.util.List;

/*
 * Regular languages over the strings a request can carry, as brics automata over UTF-16 code
 * units, and the translation of the RE2 syntax the evaluator accepts into them.
 *
 * The evaluator runs regexes with RE2/J, which matches code points, while brics reads UTF-16 code
 * units. The two agree on valid UTF-16 (every surrogate paired), which is all a host that decodes
 * UTF-8 from the wire can produce; so every language here is cut to valid UTF-16 (UNIVERSE), a
 * code point class becomes the union of its BMP part and its surrogate-pair part, and "." is
 * one code point, not one code unit.
 *
 * The translator reads RE2's grammar for the constructs whose language is plain to state:
 * literals, ".", bracket classes with ranges, negation and ASCII POSIX classes, the Perl classes
 * \d \s \w and their negations, the escapes \a \f \t \n \r \v, octal and hex escapes, \Q...\E,
 * escaped punctuation, groups (capturing, (?:...), (?P<name>...)), alternation and every
 * repetition (laziness does not change a language), plus ^ \A at the start and $ \z at the end
 * of a top-level branch, where FullMatch makes them no-ops. Anything else (flags, \b, \B, \p
 * classes, anchors elsewhere) throws Untranslatable, and the caller reports its answer as partial.
 */
final class Languages {
  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

  /** Every valid UTF-16 string. */
  static final Automaton UNIVERSE = minimal(codePoints(List.of(new int[] {0, MAX_CODE_POINT})).repeat());
  /** Every path a request can carry: the evaluator cuts the path at the first ? or #. */
  static final Automaton PATHS = minimal(UNIVERSE.minus(
      BasicAutomata.makeAnyString().concatenate(BasicAutomata.makeCharSet("?#")).concatenate(
          BasicAutomata.makeAnyString())));
  /** Printable ASCII strings, preferred for witnesses. */
  private static final Automaton PRINTABLE = minimal(BasicAutomata.makeCharRange(' ', '~').repeat());
  private static final Automaton SLASH_PRINTABLE = minimal(BasicAutomata.makeChar('/').concatenate(PRINTABLE));

  private Languages() {}

  /** A regex outside the translated subset. */
  static final class Untranslatable extends Exception {
    private static final long serialVersionUID = 1L;

    Untranslatable(String message) {
      super(message, null, false, false);
    }
  }

  /** Returns the automaton, determinized and minimized, so that later operations and runs are fast. */
  static Automaton minimal(Automaton a) {
    a.minimize();
    return a;
  }

  static Automaton exact(String s) {
    return minimal(BasicAutomata.makeString(s).intersection(UNIVERSE));
  }

  static Automaton prefix(String s) {
    return minimal(BasicAutomata.makeString(s).concatenate(UNIVERSE));
  }

  static Automaton suffix(String s) {
    return minimal(UNIVERSE.concatenate(BasicAutomata.makeString(s)));
  }

  /** A short member of a non-empty language, printable ASCII when the language has one. */
  static String example(Automaton a, boolean path) {
    if (path) {
      String s = a.intersection(SLASH_PRINTABLE).getShortestExample(true);
      if (s != null) {
        return s;
      }
    }
    String s = a.intersection(PRINTABLE).getShortestExample(true);
    return s != null ? s : a.getShortestExample(true);
  }

  /** The strings of code points in the sorted, disjoint ranges given (each {lo, hi}). */
  static Automaton codePoints(List<int[]> ranges) {
    List<Automaton> parts = new ArrayList<>();
    for (int[] r : ranges) {
      int lo = r[0];
      int hi = r[1];
      // The BMP without surrogates.
      addBmp(parts, lo, Math.min(hi, 0xD7FF));
      addBmp(parts, Math.max(lo, 0xE000), Math.min(hi, 0xFFFF));
      int slo = Math.max(lo, 0x10000);
      if (slo <= hi) {
        addPairs(parts, slo, hi);
      }
    }
    return parts.isEmpty() ? BasicAutomata.makeEmpty() : Automaton.union(parts);
  }

  private static void addBmp(List<Automaton> parts, int lo, int hi) {
    if (lo <= hi) {
      parts.add(BasicAutomata.makeCharRange((char) lo, (char) hi));
    }
  }

  private static void addPairs(List<Automaton> parts, int lo, int hi) {
    char hiLo = Character.highSurrogate(lo);
    char hiHi = Character.highSurrogate(hi);
    char loLo = Character.lowSurrogate(lo);
    char loHi = Character.lowSurrogate(hi);
    if (hiLo == hiHi) {
      parts.add(pair(hiLo, hiLo, loLo, loHi));
      return;
    }
    parts.add(pair(hiLo, hiLo, loLo, '\uDFFF'));
    if (hiLo + 1 <= hiHi - 1) {
      parts.add(pair((char) (hiLo + 1), (char) (hiHi - 1), '\uDC00', '\uDFFF'));
    }
    parts.add(pair(hiHi, hiHi, '\uDC00', loHi));
  }

  private static Automaton pair(char h1, char h2, char l1, char l2) {
    return BasicAutomata.makeCharRange(h1, h2).concatenate(BasicAutomata.makeCharRange(l1, l2));
  }

  /** Translates an accepted RE2 regex, applied as a full match, to its language. */
  static Automaton regex(String regex) throws Untranslatable {
    Parser p = new Parser(regex);
    Automaton a = p.alternation(true);
    if (p.i < regex.length()) {
      throw new Untranslatable("unexpected ) at index " + p.i);
    }
    return minimal(a.intersection(UNIVERSE));
  }

  private static final class Parser {
    private final String s;
    int i;

    Parser(String s) {
      this.s = s;
    }

    private Untranslatable unsupported(String what) {
      return new Untranslatable(what + " at index " + i + " is not translated");
    }

    Automaton alternation(boolean top) throws Untranslatable {
      List<Automaton> branches = new ArrayList<>();
      branches.add(concatenation(top));
      while (i < s.length() && s.charAt(i) == '|') {
        i++;
        branches.add(concatenation(top));
      }
      return branches.size() == 1 ? branches.get(0) : Automaton.union(branches);
    }

    private Automaton concatenation(boolean top) throws Untranslatable {
      List<Automaton> items = new ArrayList<>();
      boolean first = true;
      while (i < s.length() && s.charAt(i) != '|' && s.charAt(i) != ')') {
        char c = s.charAt(i);
        if (c == '^' || s.startsWith("\\A", i)) {
          if (!top || !first) {
            throw unsupported("an anchor that is not at the start of the regex");
          }
          i += c == '^' ? 1 : 2;
          continue;
        }
        if (c == '$' || s.startsWith("\\z", i)) {
          int after = i + (c == '$' ? 1 : 2);
          if (!top || !(after == s.length() || s.charAt(after) == '|')) {
            throw unsupported("an anchor that is not at the end of the regex");
          }
          i = after;
          continue;
        }
        first = false;
        items.add(repetition(atom()));
      }
      return items.isEmpty() ? BasicAutomata.makeEmptyString() : Automaton.concatenate(items);
    }

    private Automaton repetition(Automaton a) throws Untranslatable {
      while (i < s.length()) {
        char c = s.charAt(i);
        Automaton next;
        int end;
        if (c == '*') {
          next = a.repeat();
          end = i + 1;
        } else if (c == '+') {
          next = a.repeat(1);
          end = i + 1;
        } else if (c == '?') {
          next = a.optional();
          end = i + 1;
        } else if (c == '{') {
          int[] count = count();
          if (count == null) {
            return a; // a literal {, read as an atom next
          }
          next = count[1] < 0 ? a.repeat(count[0]) : a.repeat(count[0], count[1]);
          end = count[2];
        } else {
          return a;
        }
        i = end;
        if (i < s.length() && s.charAt(i) == '?') {
          i++; // lazy: the same language
        }
        a = next;
      }
      return a;
    }

    /** {min, max or -1, end index} of a counted repetition at i, or null when { is a literal. */
    private int[] count() {
      int j = i + 1;
      int min = 0;
      int start = j;
      while (j < s.length() && Character.isDigit(s.charAt(j)) && s.charAt(j) < 128) {
        min = Math.min(100_000, min * 10 + (s.charAt(j) - '0'));
        j++;
      }
      if (j == start || j >= s.length()) {
        return null;
      }
      int max = min;
      if (s.charAt(j) == ',') {
        j++;
        start = j;
        max = 0;
        while (j < s.length() && Character.isDigit(s.charAt(j)) && s.charAt(j) < 128) {
          max = Math.min(100_000, max * 10 + (s.charAt(j) - '0'));
          j++;
        }
        if (j == start) {
          max = -1;
        }
      }
      if (j >= s.length() || s.charAt(j) != '}') {
        return null;
      }
      return new int[] {min, max, j + 1};
    }

    private Automaton atom() throws Untranslatable {
      char c = s.charAt(i);
      switch (c) {
        case '(' -> {
          return group();
        }
        case '[' -> {
          return codePoints(bracket());
        }
        case '.' -> {
          i++;
          return codePoints(negate(List.of(new int[] {'\n', '\n'})));
        }
        case '\\' -> {
          return escape();
        }
        case '*', '+', '?' -> throw unsupported("a repetition with nothing to repeat");
        default -> {
          int cp = s.codePointAt(i);
          i += Character.charCount(cp);
          return codePoints(List.of(new int[] {cp, cp}));
        }
      }
    }

    private Automaton group() throws Untranslatable {
      if (s.startsWith("(?:", i)) {
        i += 3;
      } else if (s.startsWith("(?P<", i)) {
        int close = s.indexOf('>', i);
        if (close < 0) {
          throw unsupported("an unterminated group name");
        }
        i = close + 1;
      } else if (s.startsWith("(?", i)) {
        throw unsupported("a flag group");
      } else {
        i++;
      }
      Automaton a = alternation(false);
      if (i >= s.length() || s.charAt(i) != ')') {
        throw unsupported("an unclosed group");
      }
      i++;
      return a;
    }

    private Automaton escape() throws Untranslatable {
      if (i + 1 >= s.length()) {
        throw unsupported("a trailing backslash");
      }
      char e = s.charAt(i + 1);
      if (e == 'Q') {
        int end = s.indexOf("\\E", i + 2);
        String literal = end < 0 ? s.substring(i + 2) : s.substring(i + 2, end);
        i = end < 0 ? s.length() : end + 2;
        return BasicAutomata.makeString(literal);
      }
      List<int[]> perl = perlClass(e);
      if (perl != null) {
        i += 2;
        return codePoints(perl);
      }
      int cp = literalEscape();
      return codePoints(List.of(new int[] {cp, cp}));
    }

    /** Reads a literal escape at i (outside or inside brackets) and returns its code point. */
    private int literalEscape() throws Untranslatable {
      char e = s.charAt(i + 1);
      switch (e) {
        case 'a' -> {
          i += 2;
          return 7;
        }
        case 'f' -> {
          i += 2;
          return '\f';
        }
        case 't' -> {
          i += 2;
          return '\t';
        }
        case 'n' -> {
          i += 2;
          return '\n';
        }
        case 'r' -> {
          i += 2;
          return '\r';
        }
        case 'v' -> {
          i += 2;
          return 0x0B;
        }
        case 'x' -> {
          int from;
          int to;
          int end;
          if (i + 2 < s.length() && s.charAt(i + 2) == '{') {
            int close = s.indexOf('}', i + 3);
            if (close < 0) {
              throw unsupported("an unterminated hex escape");
            }
            from = i + 3;
            to = close;
            end = close + 1;
          } else {
            from = i + 2;
            to = Math.min(s.length(), i + 4);
            end = to;
          }
          try {
            int cp = Integer.parseInt(s.substring(from, to), 16);
            if (to - from > 8 || cp > MAX_CODE_POINT || cp < 0) {
              throw unsupported("a hex escape out of range");
            }
            i = end;
            return cp;
          } catch (NumberFormatException notHex) {
            throw unsupported("a malformed hex escape");
          }
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int j = i + 2;
            while (j < s.length() && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
              j++;
            }
            if (e != '0' && j < i + 4) {
              throw unsupported("a backreference");
            }
            int cp = Integer.parseInt(s.substring(i + 1, j), 8);
            i = j;
            return cp;
          }
          if (e < 128 && !Character.isLetterOrDigit(e)) {
            i += 2;
            return e;
          }
          throw unsupported("the escape \\" + e);
        }
      }
    }

    private static List<int[]> perlClass(char e) {
      List<int[]> base = switch (Character.toLowerCase(e)) {
        case 'd' -> List.of(new int[] {'0', '9'});
        case 's' -> List.of(new int[] {'\t', '\n'}, new int[] {'\f', '\r'}, new int[] {' ', ' '});
        case 'w' -> List.of(new int[] {'0', '9'}, new int[] {'A', 'Z'}, new int[] {'_', '_'}, new int[] {'a', 'z'});
        default -> null;
      };
      if (base == null || (e != 'd' && e != 's' && e != 'w' && e != 'D' && e != 'S' && e != 'W')) {
        return null;
      }
      return Character.isUpperCase(e) ? negate(base) : base;
    }

    /** Reads a bracket class at i and returns its sorted, disjoint ranges. */
    private List<int[]> bracket() throws Untranslatable {
      i++;
      boolean negated = i < s.length() && s.charAt(i) == '^';
      if (negated) {
        i++;
      }
      List<int[]> ranges = new ArrayList<>();
      boolean first = true;
      while (true) {
        if (i >= s.length()) {
          throw unsupported("an unclosed class");
        }
        char c = s.charAt(i);
        if (c == ']' && !first) {
          i++;
          break;
        }
        first = false;
        if (c == '[' && s.startsWith("[:", i)) {
          int close = s.indexOf(":]", i + 2);
          if (close >= 0) {
            String name = s.substring(i + 2, close);
            boolean neg = name.startsWith("^");
            List<int[]> posix = posix(neg ? name.substring(1) : name);
            if (posix == null) {
              throw unsupported("the POSIX class [:" + name + ":]");
            }
            ranges.addAll(neg ? negate(posix) : posix);
            i = close + 2;
            continue;
          }
        }
        if (c == '\\' && i + 1 < s.length()) {
          List<int[]> perl = perlClass(s.charAt(i + 1));
          if (perl != null) {
            ranges.addAll(perl);
            i += 2;
            continue;
          }
        }
        int lo = classChar();
        int hi = lo;
        if (i + 1 < s.length() && s.charAt(i) == '-' && s.charAt(i + 1) != ']') {
          i++;
          hi = classChar();
          if (hi < lo) {
            throw unsupported("an inverted range");
          }
        }
        ranges.add(new int[] {lo, hi});
      }
      List<int[]> normal = normalize(ranges);
      return negated ? negate(normal) : normal;
    }

    private int classChar() throws Untranslatable {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 >= s.length()) {
          throw unsupported("a trailing backslash");
        }
        if (s.charAt(i + 1) == 'p' || s.charAt(i + 1) == 'P') {
          throw unsupported("a Unicode class");
        }
        return literalEscape();
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      return cp;
    }

    private static List<int[]> posix(String name) {
      return switch (name) {
        case "alnum" -> List.of(new int[] {'0', '9'}, new int[] {'A', 'Z'}, new int[] {'a', 'z'});
        case "alpha" -> List.of(new int[] {'A', 'Z'}, new int[] {'a', 'z'});
        case "ascii" -> List.of(new int[] {0, 0x7F});
        case "blank" -> List.of(new int[] {'\t', '\t'}, new int[] {' ', ' '});
        case "cntrl" -> List.of(new int[] {0, 0x1F}, new int[] {0x7F, 0x7F});
        case "digit" -> List.of(new int[] {'0', '9'});
        case "graph" -> List.of(new int[] {'!', '~'});
        case "lower" -> List.of(new int[] {'a', 'z'});
        case "print" -> List.of(new int[] {' ', '~'});
        case "punct" -> List.of(new int[] {'!', '/'}, new int[] {':', '@'}, new int[] {'[', '`'},
            new int[] {'{', '~'});
        case "space" -> List.of(new int[] {'\t', '\r'}, new int[] {' ', ' '});
        case "upper" -> List.of(new int[] {'A', 'Z'});
        case "word" -> List.of(new int[] {'0', '9'}, new int[] {'A', 'Z'}, new int[] {'_', '_'},
            new int[] {'a', 'z'});
        case "xdigit" -> List.of(new int[] {'0', '9'}, new int[] {'A', 'F'}, new int[] {'a', 'f'});
        default -> null;
      };
    }
  }

  /** Sorts and merges ranges. */
  static List<int[]> normalize(List<int[]> ranges) {
    List<int[]> sorted = new ArrayList<>(ranges);
    sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<int[]> out = new ArrayList<>();
    for (int[] r : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1)[1] >= r[0] - 1) {
        int[] last = out.get(out.size() - 1);
        last[1] = Math.max(last[1], r[1]);
      } else {
        out.add(new int[] {r[0], r[1]});
      }
    }
    return out;
  }

  /** The code points not in the ranges. */
  static List<int[]> negate(List<int[]> ranges) {
    List<int[]> out = new ArrayList<>();
    int next = 0;
    for (int[] r : normalize(ranges)) {
      if (r[0] > next) {
        out.add(new int[] {next, r[0] - 1});
      }
      next = r[1] + 1;
    }
    if (next <= MAX_CODE_POINT) {
      out.add(new int[] {next, MAX_CODE_POINT});
    }
    return out;
  }
}
