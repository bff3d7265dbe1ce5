package dev.meshgate.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubsetFilterTest {
  private static final Node NODE = Node.agent("n", "dc1", "10.0.0.1");
  private static final ServiceInstance V1_CANARY = ServiceInstance.builder(NODE, "api").id("api-1")
      .tags("canary", "blue").meta(Map.of("version", "v1", "zone", "eu-west-1a")).build();
  private static final ServiceInstance V2_PLAIN = ServiceInstance.builder(NODE, "api").id("api-2")
      .meta(Map.of("version", "v2")).build();

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Service.Meta.version == v1                          | true  | false",
        "Service.Meta.version != v1                          | false | true",
        "Service.Meta.version == \"v1\"                      | true  | false",
        "Service.Meta.missing == v1                          | false | false",
        "Service.Meta.missing != v1                          | true  | true",
        "Service.ID == api-2                                 | false | true",
        "Service.ID contains \"-1\"                          | true  | false",
        "\"-2\" in Service.ID                                | false | true",
        "canary in Service.Tags                              | true  | false",
        "canary not in Service.Tags                          | false | true",
        "Service.Tags contains blue                          | true  | false",
        "Service.Tags not contains blue                      | false | true",
        "zone in Service.Meta                                | true  | false",
        "Service.Meta contains zone                          | true  | false",
        "\"west\" in Service.Meta.zone                       | true  | false",
        "Service.Meta.zone contains west                     | true  | false",
        "Service.Tags is empty                               | false | true",
        "Service.Tags is not empty                           | true  | false",
        "Service.Meta.zone is empty                          | false | true",
        "Service.Meta is not empty                           | true  | true",
        "Service.ID is empty                                 | false | false",
        "not Service.Meta.version == v1                      | false | true",
        "Service.Meta.version == v1 and canary in Service.Tags | true | false",
        "Service.Meta.version == v2 or canary in Service.Tags | true | true",
        "not (Service.Meta.version == v1 or Service.ID == api-2) | false | false",
        "Service.Meta.version == v2 or Service.ID == x and Service.ID == y | false | true",
        "(Service.Meta.version == v2 or Service.ID == api-1) and Service.ID == api-1 | true | false",
        "''                                                  | true  | true",
      })
  void evaluatesTheDocumentedSemantics(String filter, boolean matchesV1Canary, boolean matchesV2Plain) {
    SubsetFilter f = SubsetFilter.parse(filter);
    assertEquals(matchesV1Canary, f.matches(V1_CANARY), filter);
    assertEquals(matchesV2Plain, f.matches(V2_PLAIN), filter);
  }

  @Test
  void aBlankFilterIsTheShared_AllFilter() {
    assertSame(SubsetFilter.ALL, SubsetFilter.parse("  "));
    assertEquals("Service.ID == a", SubsetFilter.parse("Service.ID == a").source());
    assertEquals(SubsetFilter.parse("Service.ID == a"), SubsetFilter.parse("Service.ID == a"));
  }

  @Test
  void comparesExactlyAndUnescapesQuotedValues() {
    ServiceInstance odd = ServiceInstance.builder(NODE, "api").meta(Map.of("k", "a \"b\" \\c")).build();
    assertTrue(SubsetFilter.parse("Service.Meta.k == \"a \\\"b\\\" \\\\c\"").matches(odd));
    assertEquals(false, SubsetFilter.parse("Service.Meta.version == V1").matches(V1_CANARY));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Service.Meta.version ==                 | filter at offset 23: expected a value after ==, found the end of the filter",
        "Service.Meta.version = v1               | filter at offset 21: expected ==, !=, contains, not contains or is after Service.Meta.version, found '='",
        "Service.Name == web                     | filter at offset 0: unknown selector \"Service.Name\" (expected: Service.ID, Service.Tags, Service.Meta or Service.Meta.<key>)",
        "Service.Tags == a                       | filter at offset 13: == needs Service.ID or Service.Meta.<key>, not Service.Tags",
        "Service.Meta != a                       | filter at offset 13: != needs Service.ID or Service.Meta.<key>, not Service.Meta",
        "(Service.ID == a                        | filter at offset 16: expected ')' to close the '(' at offset 0, found the end of the filter",
        "Service.ID == a)                        | filter at offset 15: expected 'and', 'or' or the end of the filter, found ')'",
        "Service.ID == a and                     | filter at offset 19: expected a comparison, found the end of the filter",
        "a b                                     | filter at offset 2: expected 'in' or 'not in' after the value at offset 0, found \"b\"",
        "a not Service.Tags                      | filter at offset 6: expected 'in' after the value at offset 0, found \"Service.Tags\"",
        "a in b                                  | filter at offset 5: expected Service.ID, Service.Tags, Service.Meta or Service.Meta.<key> after 'in', found \"b\"",
        "Service.ID == \"abc                     | filter at offset 14: unterminated string",
        "Service.ID == \"a\\nb\"                 | filter at offset 16: unknown escape '\\n' (expected: \\\" or \\\\)",
        "Service.ID == Service.Meta.x            | filter at offset 14: expected a value after ==, found the selector \"Service.Meta.x\"; quote it to compare with that text",
        "Service.Meta.a$b == x                   | filter at offset 14: expected ==, !=, contains, not contains or is after Service.Meta.a, found '$'",
        "Service.Tags not has a                  | filter at offset 17: expected 'contains' after 'not', found \"has\"",
        "Service.Tags is full                    | filter at offset 16: expected 'empty', found \"full\"",
        "== a                                    | filter at offset 0: expected a comparison, found '='",
      })
  void rejectsBadFiltersNamingTheOffsetAndTheProblem(String filter, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> SubsetFilter.parse(filter)).getMessage());
  }

  @Test
  void boundsLengthAndNesting() {
    String tooLong = "Service.ID == " + "a".repeat(SubsetFilter.MAX_LENGTH);
    assertEquals("filter at offset 4096: longer than 4096 characters",
        assertThrows(IllegalArgumentException.class, () -> SubsetFilter.parse(tooLong)).getMessage());
    String deep = "(".repeat(33) + "Service.ID == a" + ")".repeat(33);
    assertEquals("filter at offset 32: nested deeper than 32 levels",
        assertThrows(IllegalArgumentException.class, () -> SubsetFilter.parse(deep)).getMessage());
    String ok = "not ".repeat(32) + "Service.ID == a";
    assertEquals(false, SubsetFilter.parse(ok).matches(V1_CANARY));
  }

  // --- properties: the compiled filter agrees with a plain reference interpreter -----------------

  sealed interface Ast permits And, Or, Not, Cmp {}

  record And(Ast left, Ast right) implements Ast {}

  record Or(Ast left, Ast right) implements Ast {}

  record Not(Ast inner) implements Ast {}

  /** op: eq, ne, contains, notcontains, in, notin, empty, notempty; sel: ID, Tags, Meta, or a meta key. */
  record Cmp(String op, String sel, String value) implements Ast {}

  private static String render(Ast ast) {
    if (ast instanceof And a) {
      return "(" + render(a.left()) + " and " + render(a.right()) + ")";
    } else if (ast instanceof Or o) {
      return "(" + render(o.left()) + " or " + render(o.right()) + ")";
    } else if (ast instanceof Not n) {
      return "not " + render(n.inner());
    }
    Cmp c = (Cmp) ast;
    String sel = switch (c.sel()) {
      case "ID" -> "Service.ID";
      case "Tags" -> "Service.Tags";
      case "Meta" -> "Service.Meta";
      default -> "Service.Meta." + c.sel();
    };
    String value = "\"" + c.value().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return switch (c.op()) {
      case "eq" -> sel + " == " + value;
      case "ne" -> sel + " != " + value;
      case "contains" -> sel + " contains " + value;
      case "notcontains" -> sel + " not contains " + value;
      case "in" -> value + " in " + sel;
      case "notin" -> value + " not in " + sel;
      case "empty" -> sel + " is empty";
      default -> sel + " is not empty";
    };
  }

  private static boolean reference(Ast ast, ServiceInstance i) {
    if (ast instanceof And a) {
      return reference(a.left(), i) && reference(a.right(), i);
    } else if (ast instanceof Or o) {
      return reference(o.left(), i) || reference(o.right(), i);
    } else if (ast instanceof Not n) {
      return !reference(n.inner(), i);
    }
    Cmp c = (Cmp) ast;
    String metaValue = i.meta().get(c.sel());
    boolean has = switch (c.sel()) {
      case "ID" -> i.id().contains(c.value());
      case "Tags" -> i.tags().contains(c.value());
      case "Meta" -> i.meta().containsKey(c.value());
      default -> metaValue != null && metaValue.contains(c.value());
    };
    boolean equal = c.sel().equals("ID") ? i.id().equals(c.value()) : c.value().equals(metaValue);
    boolean empty = switch (c.sel()) {
      case "ID" -> i.id().isEmpty();
      case "Tags" -> i.tags().isEmpty();
      case "Meta" -> i.meta().isEmpty();
      default -> metaValue == null || metaValue.isEmpty();
    };
    return switch (c.op()) {
      case "eq" -> equal;
      case "ne" -> !equal;
      case "contains", "in" -> has;
      case "notcontains", "notin" -> !has;
      case "empty" -> empty;
      default -> !empty;
    };
  }

  @Provide
  Arbitrary<Ast> asts() {
    return ast(4);
  }

  private Arbitrary<Ast> ast(int depth) {
    Arbitrary<String> values = Arbitraries.of("v1", "v2", "canary", "a b", "x\"y", "\\", "api-1", "", "1");
    Arbitrary<Ast> cmp = Combinators.combine(
            Arbitraries.of("eq", "ne", "contains", "notcontains", "in", "notin", "empty", "notempty"),
            Arbitraries.of("ID", "Tags", "Meta", "version", "zone"),
            values)
        .as(Cmp::new)
        .filter(c -> !((c.op().equals("eq") || c.op().equals("ne")) && (c.sel().equals("Tags") || c.sel().equals("Meta"))))
        .map(c -> (Ast) c);
    if (depth == 0) {
      return cmp;
    }
    Arbitrary<Ast> sub = Arbitraries.lazy(() -> ast(depth - 1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, cmp),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(And::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(Or::new)),
        net.jqwik.api.Tuple.of(1, sub.map(Not::new)));
  }

  @Provide
  Arbitrary<List<ServiceInstance>> instances() {
    Arbitrary<ServiceInstance> one = Combinators.combine(
            Arbitraries.of("api-1", "api-2", "1"),
            Arbitraries.of("v1", "v2", "canary", "a b", "x\"y").list().ofMaxSize(3),
            Arbitraries.maps(Arbitraries.of("version", "zone", "v1"), Arbitraries.of("v1", "v2", "", "a b", "x\"y", "\\"))
                .ofMaxSize(2))
        .as((id, tags, meta) -> ServiceInstance.builder(NODE, "api").id(id).tags(tags.toArray(String[]::new))
            .meta(new LinkedHashMap<>(meta)).build());
    return one.list().ofMinSize(1).ofMaxSize(5);
  }

  @Property(tries = 500)
  void theCompiledFilterAgreesWithAReferenceInterpreter(
      @ForAll("asts") Ast ast, @ForAll("instances") List<ServiceInstance> instances) {
    SubsetFilter f = SubsetFilter.parse(render(ast));
    for (ServiceInstance i : instances) {
      assertEquals(reference(ast, i), f.matches(i), render(ast) + " on " + i);
    }
  }

  private static final Pattern ERROR = Pattern.compile("filter at offset (\\d+): .+");

  @Provide
  Arbitrary<String> junk() {
    Arbitrary<String> token = Arbitraries.of("Service.ID", "Service.Tags", "Service.Meta", "Service.Meta.k",
        "Service.", "==", "!=", "=", "in", "not", "contains", "is", "empty", "and", "or", "(", ")", "\"", "\"x\"",
        "\\", "v1", "$", "\u00e9", "\t", "", "Service.Meta.a-b");
    return token.list().ofMaxSize(12).map(l -> {
      List<String> parts = new ArrayList<>(l);
      return String.join(" ", parts);
    });
  }

  @Property(tries = 2000)
  void anyInputCompilesOrIsRejectedAtAnOffsetInsideIt(@ForAll("junk") String input) {
    try {
      SubsetFilter f = SubsetFilter.parse(input);
      f.matches(V1_CANARY);
    } catch (IllegalArgumentException e) {
      Matcher m = ERROR.matcher(e.getMessage());
      assertTrue(m.matches(), e.getMessage());
      int offset = Integer.parseInt(m.group(1));
      assertTrue(offset >= 0 && offset <= input.length(), e.getMessage() + " for " + input);
    }
  }

  @Property(tries = 300)
  void arbitraryStringsNeverThrowAnythingElse(@ForAll String input) {
    try {
      SubsetFilter.parse(input).matches(V2_PLAIN);
    } catch (IllegalArgumentException e) {
      assertTrue(ERROR.matcher(e.getMessage()).matches(), e.getMessage());
    }
  }
}
