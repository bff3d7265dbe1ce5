package dev.meshgate.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.config.InvalidConfigEntryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceResolverTest {
  @Test
  void keepsSubsetsInNameOrder() {
    ServiceResolver r = ServiceResolver.builder(ServiceName.of("api"))
        .subset("v2", "Service.Meta.version == v2", true)
        .subset("v1", "Service.Meta.version == v1", false)
        .defaultSubset("v1")
        .build();
    assertEquals(List.of("v1", "v2"), List.copyOf(r.subsets().keySet()));
    assertEquals("v1", r.defaultSubset());
    assertEquals(true, r.subsets().get("v2").onlyPassing());
  }

  @Test
  void reportsEveryProblemWithConsulsMessagesInConsulsOrder() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(ServiceName.of(""))
            .subset("", "", false)
            .subset("V1", "", false)
            .subset("ok", "Service.Meta.version ==", false)
            .defaultSubset("missing")
            .build());
    assertEquals(List.of(
        "Name is required",
        "Subset defined with empty name",
        "Subset \"V1\" is invalid: must be 63 characters or fewer, begin or end with lower case alphanumeric"
            + " characters, and contain lower case alphanumeric characters or '-' in between",
        "Filter for subset \"ok\" is not a valid expression: filter at offset 23: expected a value after ==, found"
            + " the end of the filter",
        "DefaultSubset \"missing\" is not a valid subset"), e.errors());
    assertEquals("service-resolver", e.kind());
  }

  @Test
  void limitsSubsetNamesTo63Characters() {
    String name = "a".repeat(64);
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(ServiceName.of("api")).subset(name, "", false).build());
    assertEquals(List.of("Subset \"" + name + "\" is invalid: must be non-empty and 63 characters or fewer"),
        e.errors());
  }
}
