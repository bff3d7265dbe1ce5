package dev.meshgate.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go's {@code time.Duration.String}, the form of the timeouts in Consul's validation messages. */
class GoDurationTest {
  @Test
  void formatsDurationsAsGo() {
    assertEquals("0s", GoDuration.format(Duration.ZERO));
    assertEquals("1m39s", GoDuration.format(Duration.ofSeconds(99)));
    assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
    assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
    assertEquals("1.5ms", GoDuration.format(Duration.ofNanos(1_500_000)));
    assertEquals("2\u00b5s", GoDuration.format(Duration.ofNanos(2_000)));
    assertEquals("7ns", GoDuration.format(Duration.ofNanos(7)));
    assertEquals("-2m0.001s", GoDuration.format(Duration.ofMillis(-120_001)));
    assertEquals("2562047h47m16.854775807s", GoDuration.format(Duration.ofNanos(Long.MAX_VALUE)));
  }
}
