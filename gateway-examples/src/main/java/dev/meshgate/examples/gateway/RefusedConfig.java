package dev.meshgate.examples.gateway;

/** A config directory a gateway cannot serve from; the message names the directory and why. */
final class RefusedConfig extends Exception {
  private static final long serialVersionUID = 1L;

  RefusedConfig(String message) {
    super(message);
  }
}
