package dev.meshgate.core.catalog;

/**
 * A compiled subset filter: which instances of a service belong to a {@code service-resolver}
 * subset. A small, documented part of the go-bexpr language Consul uses for {@code Filter}:
 *
 * <pre>
 * filter     = or
 * or         = and { "or" and }
 * and        = unary { "and" unary }
 * unary      = "not" unary | "(" or ")" | comparison
 * comparison = selector ( "==" | "!=" ) value
 *            | selector [ "not" ] "contains" value
 *            | value [ "not" ] "in" selector
 *            | selector "is" [ "not" ] "empty"
 * selector   = "Service.ID" | "Service.Tags" | "Service.Meta" | "Service.Meta." key
 * value      = '"' { char | '\"' | '\\' } '"' | bare word of [A-Za-z0-9_.:/@+-] not starting with "Service."
 * </pre>
 *
 * <table>
 *   <caption>Meaning by selector</caption>
 *   <tr><th>selector</th><th>{@code ==}, {@code !=}</th><th>{@code contains}, {@code in}</th><th>{@code is empty}</th></tr>
 *   <tr><td>{@code Service.ID}</td><td>the ID equals</td><td>the ID has the substring</td><td>never</td></tr>
 *   <tr><td>{@code Service.Meta.<key>}</td><td>the value equals; a missing key equals nothing</td>
 *       <td>the value has the substring; a missing key has none</td><td>missing or empty</td></tr>
 *   <tr><td>{@code Service.Tags}</td><td>not allowed</td><td>one tag equals the value</td><td>no tags</td></tr>
 *   <tr><td>{@code Service.Meta}</td><td>not allowed</td><td>the key is present</td><td>no meta</td></tr>
 * </table>
 *
 * <p>Keywords are lower case; comparisons are exact (case-sensitive), as in bexpr. A blank filter
 * matches every instance. Parse errors read {@code filter at offset N: <why>}, where N is the
 * 0-based character offset. Filters are at most {@value #MAX_LENGTH} characters and nest at most
 * {@value #MAX_DEPTH} levels deep.
 *
 * <p>Compiled once; {@link #matches} walks a small tree without allocating, without regular
 * expressions and without throwing. Immutable and thread-safe.
 */
public final class SubsetFilter {
  /** The longest filter accepted, in characters. */
  public static final int MAX_LENGTH = 4096;

  /** The deepest nesting of parentheses and {@code not} accepted. */
  public static final int MAX_DEPTH = 32;

  /** The filter that matches every instance (a blank filter). */
  public static final SubsetFilter ALL = new SubsetFilter("", FilterParser.TRUE);

  private final String source;
  private final FilterParser.Expr expr;

  private SubsetFilter(String source, FilterParser.Expr expr) {
    this.source = source;
    this.expr = expr;
  }

  /**
   * Compiles a filter.
   *
   * @param source the filter text, e.g. {@code Service.Meta.version == v1 and "canary" in Service.Tags}
   * @return the compiled filter; {@link #ALL} for a blank text
   * @throws IllegalArgumentException with a message {@code filter at offset N: <why>}
   */
  public static SubsetFilter parse(String source) {
    if (source.isBlank()) {
      return ALL;
    }
    return new SubsetFilter(source, new FilterParser(source).parse());
  }

  /**
   * Tells whether an instance passes the filter.
   *
   * @param instance the instance
   * @return true if it belongs to the subset
   */
  public boolean matches(ServiceInstance instance) {
    return expr.test(instance);
  }

  /**
   * Returns the filter as written.
   *
   * @return the source text; empty for {@link #ALL}
   */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubsetFilter other && source.equals(other.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
