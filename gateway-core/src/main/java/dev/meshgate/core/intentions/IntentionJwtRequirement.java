package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JWT requirement: Consul's {@code IntentionJWTRequirement}. It is satisfied when <em>any</em>
 * of its providers is satisfied. A requirement without providers requires nothing ({@link #NONE});
 * Consul compiles an empty provider list to no condition at all.
 *
 * <p>Immutable and thread-safe; the list is copied.
 *
 * @param providers the providers, any one of which suffices
 */
public record IntentionJwtRequirement(List<IntentionJwtProvider> providers) {
  /** The empty requirement: no JWT needed. */
  public static final IntentionJwtRequirement NONE = new IntentionJwtRequirement(List.of());

  /**
   * Copies the providers.
   *
   * @param providers the providers, any one of which suffices
   * @throws NullPointerException if the list or an element is null
   */
  public IntentionJwtRequirement {
    providers = List.copyOf(providers);
  }

  /**
   * Returns a requirement satisfied by any of the given providers.
   *
   * @param providers the providers
   * @return the requirement
   */
  public static IntentionJwtRequirement of(IntentionJwtProvider... providers) {
    return new IntentionJwtRequirement(Arrays.asList(providers));
  }

  /**
   * Tells whether this requirement requires nothing.
   *
   * @return true when there are no providers
   */
  public boolean isEmpty() {
    return providers.isEmpty();
  }

  /**
   * Returns a builder for a requirement.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link IntentionJwtRequirement}; {@link #provider} adds one provider per call. Not
   * thread-safe; {@link #build()} may be called repeatedly.
   */
  public static final class Builder {
    private final List<IntentionJwtProvider> providers = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a provider.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder provider(IntentionJwtProvider provider) {
      providers.add(Require.notNull(provider, "provider"));
      return this;
    }

    /**
     * Builds the requirement.
     *
     * @return the requirement
     */
    public IntentionJwtRequirement build() {
      return new IntentionJwtRequirement(providers);
    }
  }
}
