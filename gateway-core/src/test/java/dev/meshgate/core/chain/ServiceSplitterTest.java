package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.config.InvalidConfigEntryException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code service-splitter} validation and normalization: the rows of Consul's
 * {@code TestServiceSplitterConfigEntry}, and {@code TestServiceSplitMergeParent} for flattening.
 */
class ServiceSplitterTest {
  private static ServiceSplit split(float weight, String service, String subset) {
    return ServiceSplit.builder(weight).service(service).serviceSubset(subset).build();
  }

  static Stream<Arguments> consulRows() {
    return Stream.of(
        Arguments.of("empty", List.of(), List.of(), "no splits configured"),
        Arguments.of("1 split", List.of(split(100, "test", "")), List.of(100f), null),
        Arguments.of("1 split not enough weight", List.of(split(99.99f, "test", "")), List.of(99.99f),
            "the sum of all split weights must be 100, not 99.989998"),
        Arguments.of("1 split too much weight", List.of(split(100.01f, "test", "")), List.of(100.01f),
            "the sum of all split weights must be 100, not 100.010002"),
        Arguments.of("2 splits", List.of(split(99, "test", "v1"), split(1, "test", "v2")), List.of(99f, 1f), null),
        Arguments.of("2 splits - rounded up to smallest units",
            List.of(split(99.999f, "test", "v1"), split(0.001f, "test", "v2")), List.of(100f, 0f), null),
        Arguments.of("2 splits not enough weight", List.of(split(99.98f, "test", "v1"), split(0.01f, "test", "v2")),
            List.of(99.98f, 0.01f), "the sum of all split weights must be 100, not 99.989998"),
        Arguments.of("2 splits too much weight", List.of(split(100, "test", "v1"), split(0.01f, "test", "v2")),
            List.of(100f, 0.01f), "the sum of all split weights must be 100, not 100.010002"),
        Arguments.of("3 splits", List.of(split(34, "test", "v1"), split(33, "test", "v2"), split(33, "test", "v3")),
            List.of(34f, 33f, 33f), null),
        Arguments.of("3 splits one duplicated same weights",
            List.of(split(34, "test", "v1"), split(33, "test", "v2"), split(33, "test", "v2")), List.of(34f, 33f, 33f),
            "split destination occurs more than once: service=\"test\", subset=\"v2\", namespace=\"\", partition=\"\""),
        Arguments.of("3 splits one duplicated diff weights",
            List.of(split(34, "test", "v1"), split(33, "test", "v2"), split(33, "test", "v1")), List.of(34f, 33f, 33f),
            "split destination occurs more than once: service=\"test\", subset=\"v1\", namespace=\"\", partition=\"\""));
  }

  @ParameterizedTest(name = "TestServiceSplitterConfigEntry: {0}")
  @MethodSource("consulRows")
  void validatesAsConsul(String name, List<ServiceSplit> splits, List<Float> normalized, String firstError) {
    ServiceSplitter.Builder b = ServiceSplitter.builder(svc("test")).split(splits.toArray(new ServiceSplit[0]));
    if (firstError == null) {
      List<Float> weights = new ArrayList<>();
      for (ServiceSplit s : b.build().splits()) {
        weights.add(s.weight());
      }
      assertEquals(normalized, weights);
    } else {
      InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class, b::build);
      assertEquals(firstError, e.firstError());
    }
  }

  @Test
  void rejectsEmptyName() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceSplitter.builder(svc("")).split(split(100, "a", "")).build());
    assertEquals(List.of("Name is required"), e.errors());
  }

  @Test
  void anEmptyServiceIsTheSplittersOwnWhenLookingForDuplicates() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceSplitter.builder(svc("test")).split(ServiceSplit.builder(50).build(), split(50, "test", ""))
            .build());
    assertEquals("split destination occurs more than once: service=\"test\", subset=\"\", namespace=\"\","
        + " partition=\"\"", e.firstError());
  }

  @Test
  void legsWithHeaderModifiersNeverCountAsDuplicates() {
    HttpHeaderModifiers set = HttpHeaderModifiers.builder().set("x", "1").build();
    ServiceSplitter s = ServiceSplitter.builder(svc("test"))
        .split(ServiceSplit.builder(50).service("a").requestHeaders(set).build(),
            ServiceSplit.builder(50).service("a").requestHeaders(set).build())
        .build();
    assertEquals(2, s.splits().size());
  }

  @Test
  void rejectsNegativeWeightsThatConsulWouldSum() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceSplitter.builder(svc("test")).split(split(110, "a", ""), split(-10, "b", "")).build());
    assertEquals(List.of("Splits[0] Weight 110.0 must be between 0 and 100",
        "Splits[1] Weight -10.0 must be between 0 and 100"), e.errors());
  }

  @Test
  void mergesParentHeadersAsConsulsMergeParent() {
    // TestServiceSplitMergeParent "all header manip fields set"
    ServiceSplit child = ServiceSplit.builder(50).service("foo")
        .requestHeaders(HttpHeaderModifiers.builder().add("child-only", "1").add("both-want-child", "2")
            .set("child-only", "3").set("both-want-child", "4").remove("child-only-req").remove("both-req").build())
        .responseHeaders(HttpHeaderModifiers.builder().add("child-only", "5").add("both-want-parent", "6")
            .set("child-only", "7").set("both-want-parent", "8").remove("child-only-resp").remove("both-resp").build())
        .build();
    ServiceSplit parent = ServiceSplit.builder(25).service("bar")
        .requestHeaders(HttpHeaderModifiers.builder().add("parent-only", "9").add("both-want-child", "10")
            .set("parent-only", "11").set("both-want-child", "12").remove("parent-only-req").remove("both-req").build())
        .responseHeaders(HttpHeaderModifiers.builder().add("parent-only", "13").add("both-want-parent", "14")
            .set("parent-only", "15").set("both-want-parent", "16").remove("parent-only-resp").remove("both-resp")
            .build())
        .build();
    ServiceSplit merged = ChainCompilation.mergeParent(child, parent);
    assertEquals(50f, merged.weight());
    assertEquals("foo", merged.service());
    assertEquals(new HttpHeaderModifiers(
        java.util.Map.of("child-only", "1", "both-want-child", "2", "parent-only", "9"),
        java.util.Map.of("child-only", "3", "both-want-child", "4", "parent-only", "11"),
        List.of("parent-only-req", "both-req", "child-only-req")), merged.requestHeaders());
    assertEquals(new HttpHeaderModifiers(
        java.util.Map.of("child-only", "5", "parent-only", "13", "both-want-parent", "14"),
        java.util.Map.of("child-only", "7", "parent-only", "15", "both-want-parent", "16"),
        List.of("child-only-resp", "both-resp", "parent-only-resp")), merged.responseHeaders());
  }

  @Test
  void mergingWithoutModifiersKeepsTheChild() {
    // TestServiceSplitMergeParent "no header manip"
    ServiceSplit child = ServiceSplit.builder(50).service("foo").build();
    assertEquals(child, ChainCompilation.mergeParent(child, ServiceSplit.builder(50).service("bar").build()));
  }
}
