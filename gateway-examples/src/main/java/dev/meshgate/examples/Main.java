package dev.meshgate.examples;

/** Entry point of the examples jar: dispatches to one runnable program by its name. */
public final class Main {
  private Main() {}

  /**
   * Runs the named example.
   *
   * @param args the example's name, then its arguments
   */
  public static void main(String[] args) {
    System.err.println("usage: java -jar meshgate-examples.jar <example> [args...]");
    System.err.println("no examples are built yet");
    System.exit(2);
  }
}
