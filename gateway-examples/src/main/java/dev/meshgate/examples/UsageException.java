package dev.meshgate.examples;

/**
 * A command line that cannot be run: a missing, unknown or invalid argument. The message follows
 * {@code field: value (expected: constraint)}, e.g. {@code --port: "x" (expected: an integer
 * 0..65535)}.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the option
   */
  public UsageException(String message) {
    super(message);
  }
}
