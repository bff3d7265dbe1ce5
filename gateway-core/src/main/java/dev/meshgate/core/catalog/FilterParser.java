package dev.meshgate.core.catalog;

import java.util.List;

/**
 * Recursive-descent parser for {@link SubsetFilter}. The input is tokenized on the fly; every
 * error names the offset of the token that broke the grammar.
 */
final class FilterParser {
  /** A compiled expression. */
  interface Expr {
    boolean test(ServiceInstance instance);
  }

  static final Expr TRUE = instance -> true;

  private enum Field { ID, TAGS, META, META_KEY }

  private final String src;
  private int pos;
  private int depth;

  FilterParser(String src) {
    this.src = src;
  }

  Expr parse() {
    if (src.length() > SubsetFilter.MAX_LENGTH) {
      throw error(SubsetFilter.MAX_LENGTH, "longer than " + SubsetFilter.MAX_LENGTH + " characters");
    }
    Expr e = parseOr();
    skipSpace();
    if (pos < src.length()) {
      throw error(pos, "expected 'and', 'or' or the end of the filter, found " + describeToken());
    }
    return e;
  }

  private Expr parseOr() {
    Expr left = parseAnd();
    while (acceptKeyword("or")) {
      Expr l = left;
      Expr r = parseAnd();
      left = instance -> l.test(instance) || r.test(instance);
    }
    return left;
  }

  private Expr parseAnd() {
    Expr left = parseUnary();
    while (acceptKeyword("and")) {
      Expr l = left;
      Expr r = parseUnary();
      left = instance -> l.test(instance) && r.test(instance);
    }
    return left;
  }

  private Expr parseUnary() {
    skipSpace();
    int start = pos;
    if (acceptKeyword("not")) {
      enter(start);
      Expr inner = parseUnary();
      depth--;
      return instance -> !inner.test(instance);
    }
    if (pos < src.length() && src.charAt(pos) == '(') {
      enter(start);
      pos++;
      Expr inner = parseOr();
      skipSpace();
      if (pos >= src.length() || src.charAt(pos) != ')') {
        throw error(pos, "expected ')' to close the '(' at offset " + start + ", found " + describeToken());
      }
      pos++;
      depth--;
      return inner;
    }
    return parseComparison();
  }

  private void enter(int at) {
    if (++depth > SubsetFilter.MAX_DEPTH) {
      throw error(at, "nested deeper than " + SubsetFilter.MAX_DEPTH + " levels");
    }
  }

  private Expr parseComparison() {
    skipSpace();
    int start = pos;
    if (atSelector()) {
      Selector sel = parseSelector();
      skipSpace();
      int opAt = pos;
      if (accept("==") || accept("!=")) {
        boolean equal = src.charAt(opAt) == '=';
        if (sel.field == Field.TAGS || sel.field == Field.META) {
          throw error(opAt, src.substring(opAt, opAt + 2) + " needs Service.ID or Service.Meta.<key>, not " + sel.text);
        }
        String value = parseValue(src.substring(opAt, opAt + 2));
        return equal ? equalsExpr(sel, value) : negate(equalsExpr(sel, value));
      }
      boolean negated = acceptKeyword("not");
      if (acceptKeyword("contains")) {
        String value = parseValue("contains");
        Expr e = containsExpr(sel, value);
        return negated ? negate(e) : e;
      }
      if (negated) {
        throw error(pos, "expected 'contains' after 'not', found " + describeToken());
      }
      if (acceptKeyword("is")) {
        boolean not = acceptKeyword("not");
        skipSpace();
        if (!acceptKeyword("empty")) {
          throw error(pos, "expected 'empty', found " + describeToken());
        }
        Expr e = emptyExpr(sel);
        return not ? negate(e) : e;
      }
      throw error(pos, "expected ==, !=, contains, not contains or is after " + sel.text + ", found " + describeToken());
    }
    if (pos >= src.length()) {
      throw error(pos, "expected a comparison, found the end of the filter");
    }
    char c = src.charAt(pos);
    if (c != '"' && !isBare(c)) {
      throw error(pos, "expected a comparison, found " + describeToken());
    }
    String value = parseValue(null);
    skipSpace();
    boolean negated = acceptKeyword("not");
    if (!acceptKeyword("in")) {
      throw error(pos, "expected " + (negated ? "'in'" : "'in' or 'not in'") + " after the value at offset " + start
          + ", found " + describeToken());
    }
    skipSpace();
    if (!atSelector()) {
      throw error(pos, "expected Service.ID, Service.Tags, Service.Meta or Service.Meta.<key> after 'in', found "
          + describeToken());
    }
    Selector sel = parseSelector();
    Expr e = containsExpr(sel, value);
    return negated ? negate(e) : e;
  }

  private static Expr negate(Expr e) {
    return instance -> !e.test(instance);
  }

  private static Expr equalsExpr(Selector sel, String value) {
    if (sel.field == Field.ID) {
      return instance -> instance.id().equals(value);
    }
    String key = sel.key;
    return instance -> value.equals(instance.meta().get(key));
  }

  private static Expr containsExpr(Selector sel, String value) {
    switch (sel.field) {
      case TAGS:
        return instance -> containsTag(instance.tags(), value);
      case META:
        return instance -> instance.meta().containsKey(value);
      case ID:
        return instance -> instance.id().contains(value);
      default:
        String key = sel.key;
        return instance -> {
          String v = instance.meta().get(key);
          return v != null && v.contains(value);
        };
    }
  }

  private static boolean containsTag(List<String> tags, String value) {
    for (int i = 0; i < tags.size(); i++) {
      if (tags.get(i).equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static Expr emptyExpr(Selector sel) {
    switch (sel.field) {
      case TAGS:
        return instance -> instance.tags().isEmpty();
      case META:
        return instance -> instance.meta().isEmpty();
      case ID:
        return instance -> instance.id().isEmpty();
      default:
        String key = sel.key;
        return instance -> {
          String v = instance.meta().get(key);
          return v == null || v.isEmpty();
        };
    }
  }

  private record Selector(Field field, String key, String text) {}

  private boolean atSelector() {
    return src.startsWith("Service.", pos);
  }

  private Selector parseSelector() {
    int start = pos;
    while (pos < src.length() && isBare(src.charAt(pos))) {
      pos++;
    }
    String text = src.substring(start, pos);
    switch (text) {
      case "Service.ID":
        return new Selector(Field.ID, "", text);
      case "Service.Tags":
        return new Selector(Field.TAGS, "", text);
      case "Service.Meta":
        return new Selector(Field.META, "", text);
      default:
        if (text.startsWith("Service.Meta.") && text.length() > "Service.Meta.".length()) {
          String key = text.substring("Service.Meta.".length());
          for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '_' && c != '-') {
              throw error(start + "Service.Meta.".length() + i,
                  "a meta key has only A-Z, a-z, 0-9, '_' and '-'; found '" + c + "'");
            }
          }
          return new Selector(Field.META_KEY, key, text);
        }
        throw error(start, "unknown selector " + quote(text)
            + " (expected: Service.ID, Service.Tags, Service.Meta or Service.Meta.<key>)");
    }
  }

  private String parseValue(String after) {
    skipSpace();
    if (pos >= src.length()) {
      throw error(pos, "expected a value" + (after == null ? "" : " after " + after) + ", found the end of the filter");
    }
    char c = src.charAt(pos);
    if (c == '"') {
      int start = pos;
      StringBuilder out = new StringBuilder();
      pos++;
      while (true) {
        if (pos >= src.length()) {
          throw error(start, "unterminated string");
        }
        char d = src.charAt(pos++);
        if (d == '"') {
          return out.toString();
        }
        if (d == '\\') {
          if (pos >= src.length()) {
            throw error(start, "unterminated string");
          }
          char e = src.charAt(pos);
          if (e != '"' && e != '\\') {
            throw error(pos - 1, "unknown escape '\\" + e + "' (expected: \\\" or \\\\)");
          }
          pos++;
          out.append(e);
        } else {
          out.append(d);
        }
      }
    }
    if (atSelector()) {
      throw error(pos, "expected a value" + (after == null ? "" : " after " + after)
          + ", found the selector " + quote(word()) + "; quote it to compare with that text");
    }
    if (!isBare(c)) {
      throw error(pos, "expected a value" + (after == null ? "" : " after " + after) + ", found " + describeToken());
    }
    int start = pos;
    while (pos < src.length() && isBare(src.charAt(pos))) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private static boolean isBare(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '.' || c == ':' || c == '/' || c == '@' || c == '+' || c == '-';
  }

  private boolean accept(String op) {
    skipSpace();
    if (src.startsWith(op, pos)) {
      pos += op.length();
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    skipSpace();
    int end = pos + keyword.length();
    if (src.startsWith(keyword, pos) && (end == src.length() || !isBare(src.charAt(end)))) {
      pos = end;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t'
        || src.charAt(pos) == '\n' || src.charAt(pos) == '\r')) {
      pos++;
    }
  }

  private String word() {
    int end = pos;
    while (end < src.length() && isBare(src.charAt(end))) {
      end++;
    }
    return src.substring(pos, end);
  }

  private String describeToken() {
    if (pos >= src.length()) {
      return "the end of the filter";
    }
    char c = src.charAt(pos);
    if (isBare(c)) {
      return quote(word());
    }
    if (c == '"') {
      return "a string";
    }
    return "'" + (c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(java.util.Locale.ROOT, "\\u%04x", (int) c))
        + "'";
  }

  private static String quote(String s) {
    return dev.meshgate.core.internal.Problems.quote(s.length() > 64 ? s.substring(0, 64) + "..." : s);
  }

  private IllegalArgumentException error(int offset, String why) {
    return new IllegalArgumentException("filter at offset " + offset + ": " + why);
  }
}
