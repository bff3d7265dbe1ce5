package dev.meshgate.core.intentions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled {@link IntentionJwtRequirement}: any provider suffices; a provider is satisfied when
 * the token's issuer is the provider's and every claim verification holds. Allocation-free.
 */
final class JwtCondition {
  private final String[] issuers;
  private final IntentionJwtClaimVerification[][] claims;

  private JwtCondition(IntentionJwtRequirement requirement, Map<String, String> issuerByProvider) {
    int n = requirement.providers().size();
    issuers = new String[n];
    claims = new IntentionJwtClaimVerification[n][];
    for (int p = 0; p < n; p++) {
      IntentionJwtProvider provider = requirement.providers().get(p);
      issuers[p] = issuerByProvider.get(provider.name());
      claims[p] = provider.verifyClaims().toArray(new IntentionJwtClaimVerification[0]);
    }
  }

  /** Returns the compiled requirement, or {@code null} when it requires nothing. */
  static JwtCondition compile(IntentionJwtRequirement requirement, Map<String, String> issuerByProvider) {
    return requirement.isEmpty() ? null : new JwtCondition(requirement, issuerByProvider);
  }

  boolean satisfiedBy(Optional<VerifiedJwt> token) {
    if (token.isEmpty()) {
      return false;
    }
    VerifiedJwt jwt = token.get();
    for (int p = 0; p < issuers.length; p++) {
      if (jwt.issuer().equals(issuers[p]) && claimsHold(jwt, p)) {
        return true;
      }
    }
    return false;
  }

  private boolean claimsHold(VerifiedJwt jwt, int p) {
    for (IntentionJwtClaimVerification claim : claims[p]) {
      if (!claimHolds(jwt.claim(claim.path()), claim.value())) {
        return false;
      }
    }
    return true;
  }

  /** A string claim must equal the value; a list claim must contain it as a string. */
  static boolean claimHolds(Object claim, String value) {
    if (claim instanceof String s) {
      return s.equals(value);
    }
    if (claim instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (value.equals(list.get(i))) {
          return true;
        }
      }
    }
    return false;
  }
}
