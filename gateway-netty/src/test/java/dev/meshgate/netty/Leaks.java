package dev.meshgate.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector at PARANOID, with its reports collected instead of only logged, so that a
 * test can assert that no buffer leaked. Call {@link #install()} before any Netty buffer class
 * loads (from a static initializer).
 */
final class Leaks {
  private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
          long maxActive) {
        return new ResourceLeakDetector<T>(resource, samplingInterval) {
          @Override
          protected void reportTracedLeak(String resourceType, String records) {
            REPORTS.add(resourceType + records);
          }

          @Override
          protected void reportUntracedLeak(String resourceType) {
            REPORTS.add(resourceType);
          }
        };
      }
    });
  }

  private Leaks() {}

  static void install() {
    // the static initializer does the work
  }

  /** Collects garbage and allocates, which is when the detector reports, then asserts none. */
  static void assertNone() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      for (int j = 0; j < 64; j++) {
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        probe.release();
      }
    }
    assertEquals(List.of(), REPORTS, "leaked buffers");
  }
}
