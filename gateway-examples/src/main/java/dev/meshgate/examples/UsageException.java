package dev.meshgate.examples;

/**
 * A command line that cannot be run because of a value the option parser cannot judge: a malformed
 * address, a port out of range, options that exclude each other. The message follows {@code field:
 * value (expected: constraint)}, e.g. {@code --port: "70000" (expected: an integer 0..65535)}; the
 * program prints it with the command's usage and exits with the command's usage status.
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

  /**
   * Checks that an integer option lies in a range.
   *
   * @param option the option, e.g. {@code --port}
   * @param value its value
   * @param min the smallest value accepted
   * @param max the largest value accepted
   * @return the value
   * @throws UsageException if it lies outside {@code min..max}
   */
  public static int inRange(String option, int value, int min, int max) throws UsageException {
    if (value < min || value > max) {
      throw new UsageException(option + ": \"" + value + "\" (expected: an integer " + min + ".." + max + ")");
    }
    return value;
  }
}
