package dev.meshgate.core.intentions;

import dev.meshgate.core.intentions.Decision.Reason;
import dev.meshgate.core.internal.regex.Re2;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One intention, ready to decide: compiled matchers and every {@link Decision} it can produce,
 * built once so that deciding allocates nothing.
 */
final class CompiledIntention {
  final Intention intention;
  private final CompiledPermission[] permissions;
  private final JwtCondition jwt;

  /** The answer for L4 requests: the action, or a denial for an L7 intention. */
  private final Decision l4;
  /** Per permission index, the decision when that permission matches. */
  private final Decision[] matchedPermission;
  private final Decision noPermissionAllow;
  private final Decision noPermissionDeny;
  private final Decision jwtUnmetAllow;
  private final Decision jwtUnmetDeny;

  CompiledIntention(Intention intention, Map<String, Re2.FullMatch> patterns, Map<String, String> issuers) {
    this.intention = intention;
    Optional<Intention> governing = Optional.of(intention);
    OptionalInt none = OptionalInt.empty();
    int n = intention.permissions().size();
    permissions = new CompiledPermission[n];
    matchedPermission = new Decision[n];
    for (int i = 0; i < n; i++) {
      permissions[i] = new CompiledPermission(intention.permissions().get(i), patterns, issuers);
      matchedPermission[i] =
          new Decision(permissions[i].action == Action.ALLOW, Reason.MATCHED_PERMISSION, governing, OptionalInt.of(i));
    }
    jwt = JwtCondition.compile(intention.jwt(), issuers);
    if (n == 0) {
      l4 = new Decision(intention.action().orElseThrow() == Action.ALLOW, Reason.MATCHED_L4_INTENTION, governing, none);
      noPermissionAllow = null;
      noPermissionDeny = null;
    } else {
      l4 = new Decision(false, Reason.L7_INTENTION_ON_L4_REQUEST, governing, none);
      noPermissionAllow = new Decision(true, Reason.NO_PERMISSION_MATCHED, governing, none);
      noPermissionDeny = new Decision(false, Reason.NO_PERMISSION_MATCHED, governing, none);
    }
    jwtUnmetAllow = jwt == null ? null : new Decision(true, Reason.JWT_REQUIREMENT_UNMET, governing, none);
    jwtUnmetDeny = jwt == null ? null : new Decision(false, Reason.JWT_REQUIREMENT_UNMET, governing, none);
  }

  /** Decides an L4 request: JWT requirements do not apply to L4 traffic. */
  Decision decideL4() {
    return l4;
  }

  /*
   * Decides an HTTP request. The entry-level JWT requirement is AND-ed with the
   * source, so when it fails the intention does not apply: the default decides, and lower
   * intentions stay excluded. Permissions are tried in order and the first match decides; when none
   * matches, the default decides - Consul does not fall through to a lower intention.
   */
  Decision decideHttp(HttpRequest request, DefaultPolicy policy) {
    if (jwt != null && !jwt.satisfiedBy(request.jwt())) {
      return policy.allows() ? jwtUnmetAllow : jwtUnmetDeny;
    }
    if (permissions.length == 0) {
      return l4;
    }
    for (int i = 0; i < permissions.length; i++) {
      if (permissions[i].matches(request)) {
        return matchedPermission[i];
      }
    }
    return policy.allows() ? noPermissionAllow : noPermissionDeny;
  }
}
