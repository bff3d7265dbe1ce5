package dev.meshgate.consul.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BlockingRulesTest {
  private static final long MS = 1_000_000L;

  @Test
  void indexGoingBackwardsResetsToZero() {
    assertEquals(0, BlockingRules.nextIndex(50, 49));
  }

  @Test
  void indexZeroOrLessFromTheAgentIsTreatedAsOne() {
    assertEquals(1, BlockingRules.nextIndex(0, 0));
    assertEquals(1, BlockingRules.nextIndex(50, 0));
    assertEquals(1, BlockingRules.nextIndex(7, -3));
  }

  @Test
  void indexAtOrAboveTheOneSentIsKept() {
    assertEquals(50, BlockingRules.nextIndex(50, 50));
    assertEquals(51, BlockingRules.nextIndex(50, 51));
    assertEquals(9, BlockingRules.nextIndex(0, 9));
  }

  @Test
  void firstAnswerOfARunIsPublishedWhateverItsIndex() {
    assertTrue(BlockingRules.publishes(0, 3, -1));
    assertTrue(BlockingRules.publishes(0, 3, 40));
    assertTrue(BlockingRules.publishes(0, 0, -1));
  }

  @Test
  void unchangedIndexIsNotPublishedAgain() {
    assertFalse(BlockingRules.publishes(12, 12, 12));
  }

  @Test
  void answerThatWentBackwardsIsNotPublished() {
    assertFalse(BlockingRules.publishes(12, 5, 12));
  }

  @Test
  void higherIndexIsPublished() {
    assertTrue(BlockingRules.publishes(12, 13, 12));
  }

  @Test
  void successWaitsOnlyForWhatRemainsOfTheMinimumInterval() {
    assertEquals(60 * MS, BlockingRules.delayNanos(40 * MS, 0, 100 * MS, 1000 * MS, 60_000 * MS, 0.5));
    assertEquals(0, BlockingRules.delayNanos(400 * MS, 0, 100 * MS, 1000 * MS, 60_000 * MS, 0.5));
  }

  @Test
  void backoffDoublesFromTheBaseAndStopsAtTheCap() {
    // random 0.999... picks (nearly) the top of the jitter range
    double top = Math.nextDown(1.0);
    assertEquals(1000 * MS, BlockingRules.delayNanos(0, 1, 0, 1000 * MS, 8000 * MS, top), 1);
    assertEquals(2000 * MS, BlockingRules.delayNanos(0, 2, 0, 1000 * MS, 8000 * MS, top), 1);
    assertEquals(4000 * MS, BlockingRules.delayNanos(0, 3, 0, 1000 * MS, 8000 * MS, top), 1);
    assertEquals(8000 * MS, BlockingRules.delayNanos(0, 4, 0, 1000 * MS, 8000 * MS, top), 1);
    assertEquals(8000 * MS, BlockingRules.delayNanos(0, 40, 0, 1000 * MS, 8000 * MS, top), 1);
    assertEquals(500 * MS, BlockingRules.delayNanos(0, 1, 0, 1000 * MS, 8000 * MS, 0.0));
  }

  @Property
  void nextIndexIsPositiveUnlessItResets(@ForAll @LongRange(min = 0) long sent, @ForAll long returned) {
    long next = BlockingRules.nextIndex(sent, returned);
    if (next == 0) {
      assertTrue(returned > 0 && returned < sent, "reset only when the index went backwards");
    } else {
      assertTrue(next >= 1);
      assertTrue(next >= sent || returned <= 0, "never a smaller non-zero index than the one sent");
    }
  }

  @Property
  void aSequenceOfPublishedIndexesIncreasesWithinARun(
      @ForAll("answers") long[] returnedIndexes) {
    long sent = 0;
    long published = -1;
    for (long returned : returnedIndexes) {
      boolean publish = BlockingRules.publishes(sent, returned, published);
      long next = BlockingRules.nextIndex(sent, returned);
      if (publish) {
        long at = Math.max(returned, 1);
        if (sent > 0) {
          assertTrue(at > published, "published " + at + " after " + published);
        }
        published = at;
      }
      if (next == 0) {
        published = -1;
      }
      sent = next;
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<long[]> answers() {
    return net.jqwik.api.Arbitraries.longs().between(-2, 60).array(long[].class).ofMaxSize(40);
  }

  @Property
  void delayNeverExceedsTheCapOrTheMinimumInterval(
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long since,
      @ForAll @IntRange(min = 0, max = 1000) int failures,
      @ForAll @LongRange(min = 1, max = 1_000_000_000L) long minInterval,
      @ForAll @LongRange(min = 1, max = 5_000_000_000L) long base,
      @ForAll @LongRange(min = 0, max = 60_000_000_000L) long extra,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
    long max = base + extra;
    long d = BlockingRules.delayNanos(since, failures, minInterval, base, max, random);
    assertTrue(d >= 0);
    assertTrue(d >= minInterval - since, "the minimum interval between starts is kept");
    assertTrue(d <= Math.max(max, minInterval), "capped");
    if (failures > 0) {
      assertTrue(d >= Math.min(base, max) / 2, "a failure always waits at least half the base backoff");
    }
  }

  @Property
  void backoffBoundGrowsWithFailures(
      @ForAll @IntRange(min = 1, max = 100) int failures,
      @ForAll @LongRange(min = 1, max = 5_000_000_000L) long base,
      @ForAll @LongRange(min = 0, max = 60_000_000_000L) long extra) {
    double top = Math.nextDown(1.0);
    long max = base + extra;
    long now = BlockingRules.delayNanos(Long.MAX_VALUE / 2, failures, 1, base, max, top);
    long after = BlockingRules.delayNanos(Long.MAX_VALUE / 2, failures + 1, 1, base, max, top);
    assertTrue(after >= now, failures + " failures: " + now + ", one more: " + after);
  }
}
