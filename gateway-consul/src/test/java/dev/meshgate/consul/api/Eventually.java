package dev.meshgate.consul.api;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits, in the tests of watches and what follows them, for what another thread does. */
final class Eventually {
  private static final long DEADLINE_SECONDS = 20;

  private Eventually() {}

  /** Polls the condition until it holds; fails naming {@code what} after 20 s. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + DEADLINE_SECONDS + " s: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
