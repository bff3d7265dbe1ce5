package dev.meshgate.core.intentions;

import dev.meshgate.core.internal.Require;
import java.util.Arrays;
import java.util.List;

/**
 * One claim a verified JWT must carry: Consul's {@code IntentionJWTClaimVerification}. The claim at
 * {@link #path()} (keys into nested JSON objects) must be the string {@link #value()}, or a list
 * that contains it.
 *
 * <p>Immutable and thread-safe; the path is copied.
 *
 * @param path the keys leading to the claim, outermost first, e.g. {@code ["perms", "roles"]}
 * @param value the string the claim must equal or contain
 */
public record IntentionJwtClaimVerification(List<String> path, String value) {
  /**
   * Copies the path.
   *
   * @param path the keys leading to the claim, outermost first
   * @param value the string the claim must equal or contain
   * @throws NullPointerException if an argument or a path element is null
   */
  public IntentionJwtClaimVerification {
    path = List.copyOf(path);
    Require.notNull(value, "value");
  }

  /**
   * Returns a claim verification.
   *
   * @param value the string the claim must equal or contain
   * @param path the keys leading to the claim, outermost first
   * @return the verification
   */
  public static IntentionJwtClaimVerification of(String value, String... path) {
    return new IntentionJwtClaimVerification(Arrays.asList(path), value);
  }

  /**
   * Returns a builder for a claim verification.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link IntentionJwtClaimVerification}; each setter may be called once. Not
   * thread-safe; {@link #build()} may be called repeatedly.
   */
  public static final class Builder {
    private List<String> path;
    private String value;

    private Builder() {}

    /**
     * Sets the claim path.
     *
     * @param path the keys leading to the claim, outermost first
     * @return this builder
     * @throws IllegalStateException if the path was already set
     */
    public Builder path(String... path) {
      this.path = Require.once(this.path, List.of(path), "path");
      return this;
    }

    /**
     * Sets the expected value.
     *
     * @param value the string the claim must equal or contain
     * @return this builder
     * @throws IllegalStateException if the value was already set
     */
    public Builder value(String value) {
      this.value = Require.once(this.value, value, "value");
      return this;
    }

    /**
     * Builds the verification; an unset path is empty and an unset value is {@code ""}.
     *
     * @return the verification
     */
    public IntentionJwtClaimVerification build() {
      return new IntentionJwtClaimVerification(path == null ? List.of() : path, value == null ? "" : value);
    }
  }
}
