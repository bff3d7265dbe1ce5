package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * A JWT provider an intention trusts: Consul's {@code IntentionJWTProvider}. A request satisfies it
 * when its verified token was issued by the provider's issuer (supplied to {@link
 * IntentionSet.Builder#jwtProvider}) and carries every claim of {@link #verifyClaims()}.
 *
 * <p>Immutable and thread-safe; the list is copied.
 *
 * @param name the name of the {@code jwt-provider} config entry; Consul requires it
 * @param verifyClaims claims the token must carry, all of them
 */
public record IntentionJwtProvider(String name, List<IntentionJwtClaimVerification> verifyClaims) {
  /**
   * Copies the claims.
   *
   * @param name the name of the {@code jwt-provider} config entry
   * @param verifyClaims claims the token must carry, all of them
   * @throws NullPointerException if an argument or an element is null
   */
  public IntentionJwtProvider {
    Require.notNull(name, "name");
    verifyClaims = List.copyOf(verifyClaims);
  }

  /**
   * Returns a builder for a provider reference.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link IntentionJwtProvider}; {@link #name} may be set once, {@link #verifyClaim}
   * adds one claim per call. Not thread-safe; {@link #build()} may be called repeatedly.
   */
  public static final class Builder {
    private String name;
    private final List<IntentionJwtClaimVerification> claims = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the provider name.
     *
     * @param name the name of the {@code jwt-provider} config entry
     * @return this builder
     * @throws IllegalStateException if the name was already set
     */
    public Builder name(String name) {
      this.name = Require.once(this.name, name, "name");
      return this;
    }

    /**
     * Adds a claim the token must carry.
     *
     * @param claim the claim
     * @return this builder
     */
    public Builder verifyClaim(IntentionJwtClaimVerification claim) {
      claims.add(Require.notNull(claim, "claim"));
      return this;
    }

    /**
     * Builds the provider reference; an unset name is {@code ""}.
     *
     * @return the provider reference
     */
    public IntentionJwtProvider build() {
      return new IntentionJwtProvider(name == null ? "" : name, claims);
    }
  }
}
