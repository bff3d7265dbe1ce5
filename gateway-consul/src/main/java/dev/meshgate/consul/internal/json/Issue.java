package dev.meshgate.consul.internal.json;

import java.util.Objects;

/**
 * One problem found in a config entry: where (a Consul field path such as {@code
 * Sources[1].Permissions[0].HTTP.Methods[0]}, empty when the message names its place itself) and
 * what. Immutable.
 *
 * @param path the field path, or empty
 * @param message what is wrong, in Consul's words where Consul has them
 */
public record Issue(String path, String message) {
  /**
   * Checks for nulls.
   *
   * @param path the field path, or empty
   * @param message what is wrong
   */
  public Issue {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** Renders {@code path: message}, or the message alone. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
