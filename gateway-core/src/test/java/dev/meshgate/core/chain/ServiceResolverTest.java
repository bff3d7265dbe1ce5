package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.config.InvalidConfigEntryException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code service-resolver} validation: the rows of Consul's {@code TestServiceResolverConfigEntry}
 * and {@code TestServiceResolverConfigEntry_LoadBalancer} (those about cluster peers are left out:
 * peers are not modelled), with Consul's full first message.
 */
class ServiceResolverTest {
  private static ServiceResolver.Failover failover(String service, String subset, List<String> dcs,
      List<ServiceResolver.FailoverTarget> targets) {
    return new ServiceResolver.Failover(service, subset, "", dcs, targets, "");
  }

  static Stream<Arguments> consulRows() {
    return Stream.of(
        row("empty", b -> b, null),
        row("empty subset name", b -> b.subset("", "", true), "Subset defined with empty name"),
        row("invalid boolean expression subset filter", b -> b.subset("v1", "random string", false),
            "Filter for subset \"v1\" is not a valid expression: filter at offset 7: expected 'in' or 'not in'"
                + " after the value at offset 0, found \"string\""),
        row("default subset does not exist",
            b -> b.defaultSubset("gone").subset("v1", "Service.Meta.version == v1", false),
            "DefaultSubset \"gone\" is not a valid subset"),
        row("default subset does exist", b -> b.defaultSubset("v1").subset("v1", "Service.Meta.version == v1", false),
            null),
        row("empty redirect", b -> b.redirect(new ServiceResolver.Redirect("", "", "", "", "")), "Redirect is empty"),
        row("redirect subset with no service", b -> b.redirect(new ServiceResolver.Redirect("", "next", "", "", "")),
            "Redirect.ServiceSubset defined without Redirect.Service"),
        row("self redirect with invalid subset", b -> b.redirect(ServiceResolver.Redirect.toSubset("test", "gone")),
            "Redirect.ServiceSubset \"gone\" is not a valid subset of \"test\""),
        row("self redirect with valid subset", b -> b.redirect(ServiceResolver.Redirect.toSubset("test", "v1"))
            .subset("v1", "Service.Meta.version == v1", false), null),
        row("simple wildcard failover", b -> b.failover("*", ServiceResolver.Failover.toDatacenters("dc2")), null),
        row("failover for missing subset", b -> b.failover("gone", ServiceResolver.Failover.toDatacenters("dc2")),
            "Bad Failover[\"gone\"]: not a valid subset subset"),
        row("failover for present subset", b -> b.subset("v1", "Service.Meta.version == v1", false)
            .failover("v1", ServiceResolver.Failover.toDatacenters("dc2")), null),
        row("failover empty", b -> b.subset("v1", "Service.Meta.version == v1", false)
            .failover("v1", failover("", "", List.of(), List.of())),
            "Bad Failover[\"v1\"]: one of Service, ServiceSubset, Namespace, Targets, or Datacenters is required"),
        row("failover to self using invalid subset", b -> b.subset("v1", "Service.Meta.version == v1", false)
            .failover("v1", failover("test", "gone", List.of(), List.of())),
            "Bad Failover[\"v1\"]: ServiceSubset \"gone\" is not a valid subset of \"test\""),
        row("failover to self using valid subset", b -> b.subset("v1", "Service.Meta.version == v1", false)
            .subset("v2", "Service.Meta.version == v2", false).failover("v1", failover("test", "v2", List.of(),
                List.of())), null),
        row("failover with empty datacenters in list",
            b -> b.failover("*", failover("backup", "", List.of("", "dc2", "dc3"), List.of())),
            "Bad Failover[\"*\"].Datacenters: found empty datacenter"),
        row("failover target with an invalid subset", b -> b.failover("*", ServiceResolver.Failover.toTargets(
            new ServiceResolver.FailoverTarget("", "subset", "", "", ""))),
            "Bad Failover[\"*\"].Targets[0]: ServiceSubset \"subset\" is not a valid subset of \"test\""),
        row("failover Targets cannot be set with Datacenters", b -> b.failover("*", failover("", "", List.of("a"),
            List.of(ServiceResolver.FailoverTarget.service("x")))),
            "Bad Failover[\"*\"]: Targets cannot be set with Datacenters"),
        row("failover Targets cannot be set with ServiceSubset", b -> b.subset("v2", "Service.Meta.version == v2", false)
            .failover("*", failover("", "v2", List.of(), List.of(ServiceResolver.FailoverTarget.service("x")))),
            "Bad Failover[\"*\"]: Targets cannot be set with ServiceSubset"),
        row("failover Targets cannot be set with Service", b -> b.subset("v2", "Service.Meta.version == v2", false)
            .failover("*", failover("another-service", "", List.of(), List.of(ServiceResolver.FailoverTarget
                .service("x")))),
            "Bad Failover[\"*\"]: Targets cannot be set with Service"),
        row("complicated failover targets", b -> b.failover("*", ServiceResolver.Failover.toTargets(
            new ServiceResolver.FailoverTarget("test-v2", "test", "", "", ""),
            ServiceResolver.FailoverTarget.inDatacenter("dc2"))), null),
        row("bad connect timeout", b -> b.connectTimeout(Duration.ofSeconds(-1)), "Bad ConnectTimeout '-1s', must be >= 0"),
        row("LoadBalancer: empty policy is valid", b -> b.loadBalancer(LoadBalancer.of("")), null),
        row("LoadBalancer: supported policy", b -> b.loadBalancer(LoadBalancer.of("random")), null),
        row("LoadBalancer: unsupported policy", b -> b.loadBalancer(LoadBalancer.of("fake-policy")),
            "Bad LoadBalancer policy: \"fake-policy\" is not supported"),
        row("LoadBalancer: bad policy for least request config", b -> b.loadBalancer(new LoadBalancer("ring_hash",
            Optional.empty(), Optional.of(new LoadBalancer.LeastRequestConfig(10)), List.of())),
            "Bad LoadBalancer configuration. LeastRequestConfig specified for incompatible load balancing policy"
                + " \"ring_hash\""),
        row("LoadBalancer: bad policy for ring hash config", b -> b.loadBalancer(new LoadBalancer("least_request",
            Optional.of(new LoadBalancer.RingHashConfig(1024, 0)), Optional.empty(), List.of())),
            "Bad LoadBalancer configuration. RingHashConfig specified for incompatible load balancing policy"
                + " \"least_request\""),
        row("LoadBalancer: good policy for ring hash config", b -> b.loadBalancer(new LoadBalancer("ring_hash",
            Optional.of(new LoadBalancer.RingHashConfig(1024, 0)), Optional.empty(), List.of())), null),
        row("LoadBalancer: good policy for least request config", b -> b.loadBalancer(new LoadBalancer(
            "least_request", Optional.empty(), Optional.of(new LoadBalancer.LeastRequestConfig(2)), List.of())), null),
        row("LoadBalancer: empty policy with hash policy", b -> b.loadBalancer(new LoadBalancer("", Optional.empty(),
            Optional.empty(), List.of(LoadBalancer.HashPolicy.hashSourceIp()))),
            "Bad LoadBalancer configuration: HashPolicies specified for non-hash-based Policy: \"\""),
        row("LoadBalancer: cookie config with header policy", b -> b.loadBalancer(LoadBalancer.hashing("maglev",
            new LoadBalancer.HashPolicy("header", "x-user-id", Optional.of(new LoadBalancer.CookieConfig(false,
                Duration.ofSeconds(10), "/root")), false, false))),
            "Bad LoadBalancer HashPolicy[0]: cookie_config provided for \"header\""),
        row("LoadBalancer: cannot generate session cookie with ttl", b -> b.loadBalancer(LoadBalancer.hashing("maglev",
            new LoadBalancer.HashPolicy("cookie", "good-cookie", Optional.of(new LoadBalancer.CookieConfig(true,
                Duration.ofSeconds(10), "")), false, false))),
            "Bad LoadBalancer HashPolicy[0]: a session cookie cannot have an associated TTL"),
        row("LoadBalancer: valid cookie policy", b -> b.loadBalancer(LoadBalancer.hashing("maglev",
            new LoadBalancer.HashPolicy("cookie", "good-cookie", Optional.of(new LoadBalancer.CookieConfig(false,
                Duration.ofSeconds(10), "/oven")), false, false))), null),
        row("LoadBalancer: supported match field", b -> b.loadBalancer(LoadBalancer.hashing("maglev",
            LoadBalancer.HashPolicy.header("X-Consul-Token"))), null),
        row("LoadBalancer: unsupported match field", b -> b.loadBalancer(LoadBalancer.hashing("maglev",
            new LoadBalancer.HashPolicy("fake-field", "", Optional.empty(), false, false))),
            "Bad LoadBalancer HashPolicy[0]: \"fake-field\" is not a supported field"),
        row("LoadBalancer: cannot match on source address and custom field", b -> b.loadBalancer(
            LoadBalancer.hashing("maglev", new LoadBalancer.HashPolicy("header", "", Optional.empty(), true, false))),
            "Bad LoadBalancer HashPolicy[0]: A single hash policy cannot hash both a source address and a \"header\""),
        row("LoadBalancer: matchvalue not compatible with source address", b -> b.loadBalancer(LoadBalancer.hashing(
            "maglev", new LoadBalancer.HashPolicy("", "X-Consul-Token", Optional.empty(), true, false))),
            "Bad LoadBalancer HashPolicy[0]: A FieldValue cannot be specified when hashing SourceIP"),
        row("LoadBalancer: field without match value", b -> b.loadBalancer(LoadBalancer.hashing("maglev",
            new LoadBalancer.HashPolicy("header", "", Optional.empty(), false, false))),
            "Bad LoadBalancer HashPolicy[0]: Field \"header\" was specified without a FieldValue"),
        row("LoadBalancer: match value without field", b -> b.loadBalancer(LoadBalancer.hashing("maglev",
            new LoadBalancer.HashPolicy("", "my-cookie", Optional.empty(), false, false))),
            "Bad LoadBalancer HashPolicy[0]: FieldValue requires a Field to apply to"),
        row("LoadBalancer: ring hash kitchen sink", b -> b.loadBalancer(new LoadBalancer("ring_hash",
            Optional.of(new LoadBalancer.RingHashConfig(2, 10)), Optional.empty(), List.of(
                LoadBalancer.HashPolicy.cookie("my-cookie"), LoadBalancer.HashPolicy.header("alt-header").asTerminal()))),
            null),
        row("LoadBalancer: least request kitchen sink", b -> b.loadBalancer(new LoadBalancer("least_request",
            Optional.empty(), Optional.of(new LoadBalancer.LeastRequestConfig(20)), List.of())), null));
  }

  private static Arguments row(String name, UnaryOperator<ServiceResolver.Builder> setup, String firstError) {
    return Arguments.of(name, setup, firstError);
  }

  @ParameterizedTest(name = "TestServiceResolverConfigEntry: {0}")
  @MethodSource("consulRows")
  void validatesAsConsul(String name, UnaryOperator<ServiceResolver.Builder> setup, String firstError) {
    ServiceResolver.Builder b = setup.apply(ServiceResolver.builder(svc("test")));
    if (firstError == null) {
      assertEquals(svc("test"), b.build().service());
    } else {
      InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class, b::build);
      assertEquals(firstError, e.firstError());
      assertEquals("service-resolver", e.kind());
    }
  }

  @ParameterizedTest(name = "validSubsetNames: \"{0}\"")
  @ValueSource(strings = {"a", "aa", "2a", "a2", "a2a", "a22a", "1", "11", "10", "01", "a-a", "a--a", "a--a--a", "0-0",
      "0--0", "0--0--0", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void acceptsConsulsValidSubsetNames(String subset) {
    assertTrue(ServiceResolver.builder(svc("test")).subset(subset, "", true).build().subsetExists(subset));
  }

  @ParameterizedTest(name = "invalidSubsetNames: \"{0}\"")
  @ValueSource(strings = {"A", "AA", "2A", "A2", "A2A", "A22A", "A-A", "A--A", "A--A--A", " ", " a", "a ", "a a", "_",
      "_a", "a_", "a_a", ".", ".a", "a.", "a.a", "-", "-a", "a-",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void rejectsConsulsInvalidSubsetNames(String subset) {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("test")).subset(subset, "", true).build());
    assertTrue(e.firstError().startsWith("Subset " + dev.meshgate.core.internal.Problems.quote(subset)
        + " is invalid: "), e.firstError());
  }

  @Test
  void rejectsEmptyName() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("")).build());
    assertEquals(List.of("Name is required"), e.errors());
  }

  @Test
  void reportsEveryProblemAtOnceInConsulsOrder() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("test")).defaultSubset("gone")
            .redirect(ServiceResolver.Redirect.toService("other"))
            .failover("*", ServiceResolver.Failover.toService("backup"))
            .connectTimeout(Duration.ofMillis(-1500)).requestTimeout(Duration.ofNanos(-1))
            .loadBalancer(LoadBalancer.of("fast")).build());
    assertEquals(List.of(
        "DefaultSubset \"gone\" is not a valid subset",
        "Redirect and Failover cannot both be set",
        "Bad ConnectTimeout '-1.5s', must be >= 0",
        "Bad RequestTimeout '-1ns', must be >= 0",
        "Bad LoadBalancer policy: \"fast\" is not supported"), e.errors());
  }

  @Test
  void rejectsCrossDatacenterRedirectsAndFailoverOutsideTheDefaultPartition() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(new ServiceName("test", "default", "ap1"))
            .redirect(ServiceResolver.Redirect.toDatacenter("dc2")).build());
    assertEquals(List.of("Cross-datacenter redirect is only supported in the default partition",
        "Cross-datacenter and cross-partition redirect is not supported"), e.errors());
    InvalidConfigEntryException f = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(new ServiceName("test", "default", "ap1"))
            .failover("*", ServiceResolver.Failover.toDatacenters("dc2")).build());
    assertEquals(List.of("Cross-datacenter failover is only supported in the default partition"), f.errors());
  }

  @Test
  void rejectsFailoverTargetsWithPartitionAndDatacenter() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("test")).failover("*", ServiceResolver.Failover.toTargets(
            new ServiceResolver.FailoverTarget("", "", "", "ap1", "dc2"))).build());
    assertEquals(List.of("Bad Failover[\"*\"].Targets[0]: Partition cannot be set with Datacenter"), e.errors());
  }

  @Test
  void rejectsAnUnknownFailoverPolicy() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("test")).failover("*", new ServiceResolver.Failover("backup", "", "",
            List.of(), List.of(), "fastest")).build());
    assertEquals(List.of("Bad Failover[\"*\"]: Policy must be one of '', 'default', or 'order-by-locality'"),
        e.errors());
  }

  @Test
  void rejectsRingSizesAndChoiceCountsEnvoyRefuses() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("test")).loadBalancer(new LoadBalancer("ring_hash",
            Optional.of(new LoadBalancer.RingHashConfig(2048, 1024)), Optional.empty(), List.of())).build());
    assertEquals(List.of("Bad LoadBalancer RingHashConfig: MinimumRingSize 2048 > MaximumRingSize 1024"), e.errors());
    InvalidConfigEntryException f = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("test")).loadBalancer(new LoadBalancer("ring_hash",
            Optional.of(new LoadBalancer.RingHashConfig(0, 8L * 1024 * 1024 + 1)), Optional.empty(), List.of())).build());
    assertEquals(List.of("Bad LoadBalancer RingHashConfig: ring sizes above Envoy's limit 8388608"), f.errors());
    InvalidConfigEntryException g = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceResolver.builder(svc("test")).loadBalancer(new LoadBalancer("least_request", Optional.empty(),
            Optional.of(new LoadBalancer.LeastRequestConfig(1)), List.of())).build());
    assertEquals(List.of("Bad LoadBalancer LeastRequestConfig: ChoiceCount 1 is below Envoy's minimum 2"), g.errors());
  }

  @Test
  void isDefaultIgnoresMetaButNotALoadBalancer() {
    assertTrue(ServiceResolver.builder(svc("test")).meta(java.util.Map.of("owner", "team")).build().isDefault());
    assertFalse(ServiceResolver.builder(svc("test")).loadBalancer(LoadBalancer.of("random")).build().isDefault());
    assertFalse(ServiceResolver.builder(svc("test")).requestTimeout(Duration.ofSeconds(1)).build().isDefault());
  }
}
