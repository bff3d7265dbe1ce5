package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.regex.Re2;
import java.util.Locale;
import java.util.Map;

/** A compiled {@link IntentionHttpHeaderPermission}, Envoy's header matcher semantics. */
final class HeaderCondition {
  private static final int PRESENT = 0;
  private static final int EXACT = 1;
  private static final int PREFIX = 2;
  private static final int SUFFIX = 3;
  private static final int REGEX = 4;

  private final String name;
  private final int kind;
  private final String value;
  private final Re2.FullMatch regex;
  private final boolean invert;

  HeaderCondition(IntentionHttpHeaderPermission h, Map<String, Re2.FullMatch> patterns) {
    this.name = h.name().toLowerCase(Locale.ROOT);
    this.invert = h.invert();
    if (h.present()) {
      kind = PRESENT;
      value = "";
    } else if (!h.exact().isEmpty()) {
      kind = EXACT;
      value = h.exact();
    } else if (!h.prefix().isEmpty()) {
      kind = PREFIX;
      value = h.prefix();
    } else if (!h.suffix().isEmpty()) {
      kind = SUFFIX;
      value = h.suffix();
    } else {
      kind = REGEX;
      value = h.regex();
    }
    this.regex = kind == REGEX ? patterns.computeIfAbsent(value, Re2.FullMatch::new) : null;
  }

  /*
   * A missing header fails every matcher, inverted or not, except Present with Invert, which means
   * "must be absent": Envoy does not treat a missing header as empty unless told to, and Consul
   * never tells it to.
   */
  boolean matches(Map<String, String> headers) {
    String v = headers.get(name);
    if (v == null) {
      return kind == PRESENT && invert;
    }
    boolean m =
        switch (kind) {
          case PRESENT -> true;
          case EXACT -> v.equals(value);
          case PREFIX -> v.startsWith(value);
          case SUFFIX -> v.endsWith(value);
          default -> regex.matches(v);
        };
    return m != invert;
  }
}
