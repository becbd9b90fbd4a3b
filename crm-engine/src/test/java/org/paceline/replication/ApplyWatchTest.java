package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ApplyWatchTest {
  private final ApplyWatch watch = new ApplyWatch(1_000);

  private static Map<String, ApplyWatch.Progress> p(long committedB, long appliedB) {
    return Map.of(
        "a", new ApplyWatch.Progress(7, 7), "b", new ApplyWatch.Progress(committedB, appliedB));
  }

  @Test
  void aMemberBehindAndUnmovedForTheLimitIsStalled() {
    assertTrue(watch.observe(0, p(7, 5)).isEmpty());
    assertTrue(watch.observe(999, p(7, 5)).isEmpty(), "not yet a second");
    List<ApplyWatch.Stall> s = watch.observe(1_000, p(8, 5));
    assertEquals(List.of(new ApplyWatch.Stall("b", 5, 8, 1_000)), s);
    assertEquals("b:5/8:1000ms", s.get(0).toString());
  }

  @Test
  void aMemberThatKeepsApplyingIsNotStalledEvenWhileBehind() {
    // Behind all along, as a follower catching up after a restart is, but moving.
    for (int t = 0; t <= 5_000; t += 500) {
      assertTrue(watch.observe(t, p(100, t / 100)).isEmpty(), "at " + t);
    }
  }

  @Test
  void catchingUpOrLeavingClearsTheStall() {
    watch.observe(0, p(7, 5));
    assertEquals(1, watch.observe(2_000, p(7, 5)).size());
    assertTrue(watch.observe(2_500, p(7, 7)).isEmpty(), "caught up");
    assertTrue(watch.observe(2_600, p(9, 7)).isEmpty(), "behind again: a new mark");
    assertTrue(
        watch.observe(9_000, Map.of("a", new ApplyWatch.Progress(9, 9))).isEmpty(), "b left");
    assertTrue(watch.observe(9_500, p(9, 7)).isEmpty(), "b back: watched from its return");
  }

  @Test
  void aFailedEntryIsCountedAndPassedOnNotSwallowed() {
    ReplicatedConfiguration sm = new ReplicatedConfiguration(cib -> {});
    byte[] garbage = {9, 9, 9};
    assertThrows(RuntimeException.class, () -> sm.apply(garbage, 0, garbage.length, true));
    assertEquals(1, sm.applyFailures());
  }

  @Test
  void theLimitMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new ApplyWatch(0));
  }
}
