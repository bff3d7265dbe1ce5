package dev.meshgate.core.chain;

import static dev.meshgate.core.chain.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshgate.core.config.InvalidConfigEntryException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code service-router} validation: the rows of Consul's {@code TestServiceRouterConfigEntry}
 * ({@code agent/structs/config_entry_discoverychain_test.go}), with Consul's full message for the
 * rows that fail, and meshgate's additions.
 */
class ServiceRouterTest {
  private static ServiceRoute match(HttpMatch m) {
    return ServiceRoute.of(m, RouteDestination.toService("other"));
  }

  private static HttpMatch.Builder http() {
    return HttpMatch.builder();
  }

  static Stream<Arguments> consulRows() {
    HeaderMatch both = new HeaderMatch("foo", true, "bar", "", "", "", false);
    return Stream.of(
        Arguments.of("empty", List.of(), null),
        Arguments.of("1 empty route", List.of(new ServiceRoute(Optional.empty(), Optional.empty())), null),
        Arguments.of("route with path exact", List.of(match(http().pathExact("/exact").build())), null),
        Arguments.of("route with bad path exact", List.of(match(http().pathExact("no-leading-slash").build())),
            "Route[0] PathExact doesn't start with '/': \"no-leading-slash\""),
        Arguments.of("route with path prefix", List.of(match(http().pathPrefix("/prefix").build())), null),
        Arguments.of("route with bad path prefix", List.of(match(http().pathPrefix("no-leading-slash").build())),
            "Route[0] PathPrefix doesn't start with '/': \"no-leading-slash\""),
        Arguments.of("route with path regex", List.of(match(http().pathRegex("/regex").build())), null),
        Arguments.of("route with path exact and prefix",
            List.of(match(http().pathExact("/exact").pathPrefix("/prefix").build())),
            "Route[0] should only contain at most one of PathExact, PathPrefix, or PathRegex"),
        Arguments.of("route with path exact and regex",
            List.of(match(http().pathExact("/exact").pathRegex("/regex").build())),
            "Route[0] should only contain at most one of PathExact, PathPrefix, or PathRegex"),
        Arguments.of("route with path prefix and regex",
            List.of(match(http().pathPrefix("/prefix").pathRegex("/regex").build())),
            "Route[0] should only contain at most one of PathExact, PathPrefix, or PathRegex"),
        Arguments.of("route with path exact, prefix, and regex",
            List.of(match(http().pathExact("/exact").pathPrefix("/prefix").pathRegex("/regex").build())),
            "Route[0] should only contain at most one of PathExact, PathPrefix, or PathRegex"),
        Arguments.of("route with no name header", List.of(match(http().header(HeaderMatch.present("")).build())),
            "Route[0] Header[0] missing required Name field"),
        Arguments.of("route with header present", List.of(match(http().header(HeaderMatch.present("foo")).build())),
            null),
        Arguments.of("route with header not present",
            List.of(match(http().header(HeaderMatch.present("foo").inverted()).build())), null),
        Arguments.of("route with header exact", List.of(match(http().header(HeaderMatch.exact("foo", "bar")).build())),
            null),
        Arguments.of("route with header regex", List.of(match(http().header(HeaderMatch.regex("foo", "bar")).build())),
            null),
        Arguments.of("route with header prefix",
            List.of(match(http().header(HeaderMatch.prefix("foo", "bar")).build())), null),
        Arguments.of("route with header suffix",
            List.of(match(http().header(HeaderMatch.suffix("foo", "bar")).build())), null),
        Arguments.of("route with header present and exact", List.of(match(http().header(both).build())),
            "Route[0] Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex"),
        Arguments.of("route with header present and regex",
            List.of(match(http().header(new HeaderMatch("foo", true, "", "", "", "bar", false)).build())),
            "Route[0] Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex"),
        Arguments.of("route with header present and prefix",
            List.of(match(http().header(new HeaderMatch("foo", true, "", "bar", "", "", false)).build())),
            "Route[0] Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex"),
        Arguments.of("route with header present and suffix",
            List.of(match(http().header(new HeaderMatch("foo", true, "", "", "bar", "", false)).build())),
            "Route[0] Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex"),
        Arguments.of("route with no name query param",
            List.of(match(http().queryParam(QueryParamMatch.exact("", "foo")).build())),
            "Route[0] QueryParam[0] missing required Name field"),
        Arguments.of("route with query param exact match",
            List.of(match(http().queryParam(QueryParamMatch.exact("foo", "bar")).build())), null),
        Arguments.of("route with query param regex match",
            List.of(match(http().queryParam(QueryParamMatch.regex("foo", "bar")).build())), null),
        Arguments.of("route with query param present match",
            List.of(match(http().queryParam(QueryParamMatch.present("foo")).build())), null),
        Arguments.of("route with query param exact and regex match",
            List.of(match(http().queryParam(new QueryParamMatch("foo", false, "bar", "bar")).build())),
            "Route[0] QueryParam[0] should only contain one of Present, Exact, or Regex"),
        Arguments.of("route with query param exact and present match",
            List.of(match(http().queryParam(new QueryParamMatch("foo", true, "bar", "")).build())),
            "Route[0] QueryParam[0] should only contain one of Present, Exact, or Regex"),
        Arguments.of("route with query param regex and present match",
            List.of(match(http().queryParam(new QueryParamMatch("foo", true, "", "bar")).build())),
            "Route[0] QueryParam[0] should only contain one of Present, Exact, or Regex"),
        Arguments.of("route with query param exact, regex, and present match",
            List.of(match(http().queryParam(new QueryParamMatch("foo", true, "bar", "bar")).build())),
            "Route[0] QueryParam[0] should only contain one of Present, Exact, or Regex"),
        Arguments.of("route with no match and prefix rewrite",
            List.of(new ServiceRoute(Optional.empty(), Optional.of(RouteDestination.builder().service("other")
                .prefixRewrite("/new").build()))),
            "Route[0] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix"),
        Arguments.of("route with path prefix match and prefix rewrite",
            List.of(ServiceRoute.of(http().pathPrefix("/api").build(),
                RouteDestination.builder().service("other").prefixRewrite("/new").build())), null),
        Arguments.of("route with path exact match and prefix rewrite",
            List.of(ServiceRoute.of(http().pathExact("/api").build(),
                RouteDestination.builder().service("other").prefixRewrite("/new").build())), null),
        Arguments.of("route with path regex match and prefix rewrite",
            List.of(ServiceRoute.of(http().pathRegex("/api").build(),
                RouteDestination.builder().service("other").prefixRewrite("/new").build())),
            "Route[0] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix"),
        Arguments.of("route with header match and prefix rewrite",
            List.of(ServiceRoute.of(http().header(HeaderMatch.exact("foo", "bar")).build(),
                RouteDestination.builder().service("other").prefixRewrite("/new").build())),
            "Route[0] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix"),
        Arguments.of("route with query param match and prefix rewrite",
            List.of(ServiceRoute.of(http().queryParam(QueryParamMatch.exact("foo", "bar")).build(),
                RouteDestination.builder().service("other").prefixRewrite("/new").build())),
            "Route[0] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix"),
        Arguments.of("route with method matches", List.of(match(http().methods("get", "POST", "dElEtE").build())),
            null),
        Arguments.of("route with method matches repeated",
            List.of(match(http().methods("GET", "DELETE", "get").build())),
            "Route[0] Methods contains \"GET\" more than once"),
        Arguments.of("route with no match with retry condition",
            List.of(new ServiceRoute(Optional.empty(), Optional.of(RouteDestination.builder().service("other")
                .retryOn("5xx", "gateway-error", "reset", "connect-failure", "envoy-ratelimited", "retriable-4xx",
                    "refused-stream", "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable")
                .build()))), null),
        Arguments.of("route with no match with invalid retry condition",
            List.of(new ServiceRoute(Optional.empty(), Optional.of(RouteDestination.builder().service("other")
                .retryOn("invalid-retry-condition").build()))),
            "Route[0] contains an invalid retry condition: \"invalid-retry-condition\""));
  }

  @ParameterizedTest(name = "TestServiceRouterConfigEntry: {0}")
  @MethodSource("consulRows")
  void validatesAsConsul(String name, List<ServiceRoute> routes, String firstError) {
    ServiceRouter.Builder b = ServiceRouter.builder(svc("test")).route(routes.toArray(new ServiceRoute[0]));
    if (firstError == null) {
      assertEquals(routes.size(), b.build().routes().size());
    } else {
      InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class, b::build);
      assertEquals(firstError, e.firstError());
      assertEquals("service-router", e.kind());
    }
  }

  @Test
  void rejectsEmptyName() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceRouter.builder(svc("")).build());
    assertEquals(List.of("Name is required"), e.errors());
  }

  @Test
  void upperCasesMethodsAsConsulNormalizes() {
    ServiceRouter r = ServiceRouter.builder(svc("test")).route(match(http().methods("get", "POST", "dElEtE").build()))
        .build();
    assertEquals(List.of("GET", "POST", "DELETE"), r.routes().get(0).match().get().methods());
  }

  @Test
  void rejectsAnUnknownMethod() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceRouter.builder(svc("test")).route(match(http().methods("FETCH").build())).build());
    assertEquals(List.of("Route[0] Methods contains an invalid method \"FETCH\""), e.errors());
  }

  @Test
  void reportsEveryProblemOfEveryRouteAtOnce() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceRouter.builder(svc("test"))
            .route(match(http().pathExact("x").pathPrefix("y").build()),
                ServiceRoute.of(http().header(new HeaderMatch("", false, "", "", "", "", false)).build(),
                    RouteDestination.builder().prefixRewrite("/").retryOn("sometimes").build()))
            .build());
    assertEquals(List.of(
        "Route[0] PathExact doesn't start with '/': \"x\"",
        "Route[0] PathPrefix doesn't start with '/': \"y\"",
        "Route[0] should only contain at most one of PathExact, PathPrefix, or PathRegex",
        "Route[1] Header[0] missing required Name field",
        "Route[1] Header[0] should only contain one of Present, Exact, Prefix, Suffix, or Regex",
        "Route[1] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix",
        "Route[1] contains an invalid retry condition: \"sometimes\""), e.errors());
  }

  @Test
  void rejectsRegexesThatRe2CannotCompile() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceRouter.builder(svc("test")).route(
            match(http().pathRegex("/(a").header(HeaderMatch.regex("x", "(?<=a)b"))
                .queryParam(QueryParamMatch.regex("q", "a{1001}")).build())).build());
    assertEquals(3, e.errors().size());
    assertEquals("Route[0] PathRegex \"/(a\" is not a valid RE2 regular expression: error parsing regexp:"
        + " missing closing ): `/(a`", e.errors().get(0));
    assertEquals(true, e.errors().get(1).startsWith("Route[0] Header[0] Regex \"(?<=a)b\" is not a valid RE2"));
    assertEquals(true, e.errors().get(2).startsWith("Route[0] QueryParam[0] Regex \"a{1001}\" is not a valid RE2"));
  }

  @Test
  void rejectsNegativeRetriesAndStatusCodes() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceRouter.builder(svc("test")).route(new ServiceRoute(Optional.empty(), Optional.of(
            RouteDestination.builder().numRetries(-1).retryOnStatusCodes(-5).requestTimeout(Duration.ofSeconds(1))
                .build()))).build());
    assertEquals(List.of("Route[0] NumRetries -1 must be >= 0",
        "Route[0] RetryOnStatusCodes contains -5, which is not a status code"), e.errors());
  }

  @Test
  void rejectsMetaAsConsulDoes() {
    InvalidConfigEntryException e = assertThrows(InvalidConfigEntryException.class,
        () -> ServiceRouter.builder(svc("test")).meta(java.util.Map.of("k".repeat(129), "v")).build());
    assertEquals("Meta key \"" + "k".repeat(129) + "\" exceeds maximum length 128", e.firstError());
  }

  @Test
  void eachDestinationSettingIsSetOnce() {
    RouteDestination.Builder b = RouteDestination.builder().service("a");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.service("b"));
    assertEquals("service was already set to \"a\"", e.getMessage());
  }
}
