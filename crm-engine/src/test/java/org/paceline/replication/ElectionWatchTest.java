package org.paceline.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ElectionWatch.Action;
import org.paceline.replication.ElectionWatch.Report;

@Tag("unit")
class ElectionWatchTest {
  private static final List<String> ALL = List.of("a", "b", "c");
  private static final long GRACE = 3_000;

  private static void everyone(ElectionWatch w, long now, Report a, Report b, Report c) {
    w.report("a", a, now);
    w.report("b", b, now);
    w.report("c", c, now);
  }

  @Test
  void aMajorityWithoutAnyLeaderElectsOnTheCoordinatorAfterTheGrace() {
    ElectionWatch onA = new ElectionWatch("a", GRACE);
    ElectionWatch onB = new ElectionWatch("b", GRACE);
    Report none = new Report(5, null, false);
    // The lab's state: b still names the old leader c, which names none.
    Report stale = new Report(5, "c", false);
    for (long t = 0; t <= 4_000; t += 500) {
      everyone(onA, t, none, stale, none);
      everyone(onB, t, none, stale, none);
      Action expected = t >= GRACE ? Action.ELECT : Action.NONE;
      if (t > GRACE) {
        expected = Action.NONE; // acted at GRACE; the election gets a full grace period
      }
      assertEquals(expected, onA.decide(t, "a", ALL, ALL, 2), "coordinator at " + t);
      assertEquals(Action.NONE, onB.decide(t, "a", ALL, ALL, 2), "not the coordinator");
    }
    // Still no leader a grace period after the first try: try again.
    everyone(onA, 6_000, none, stale, none);
    assertEquals(Action.ELECT, onA.decide(6_000, "a", ALL, ALL, 2));
  }

  @Test
  void aLeaderSeenResetsTheClock() {
    ElectionWatch w = new ElectionWatch("a", GRACE);
    Report none = new Report(5, null, false);
    everyone(w, 0, none, none, none);
    assertEquals(Action.NONE, w.decide(0, "a", ALL, ALL, 2));
    everyone(w, 2_000, none, new Report(6, "b", true), none);
    assertEquals(Action.NONE, w.decide(2_000, "a", ALL, ALL, 2));
    everyone(w, 2_500, none, none, none);
    assertEquals(Action.NONE, w.decide(2_500, "a", ALL, ALL, 2));
    everyone(w, 4_000, none, none, none);
    assertEquals(Action.NONE, w.decide(4_000, "a", ALL, ALL, 2), "leaderless only since 2.5 s");
    everyone(w, 5_500, none, none, none);
    assertEquals(Action.ELECT, w.decide(5_500, "a", ALL, ALL, 2));
  }

  @Test
  void withoutAMajorityNothingIsDone() {
    ElectionWatch w = new ElectionWatch("a", GRACE);
    for (long t = 0; t <= 10_000; t += 500) {
      w.report("a", new Report(5, null, false), t);
      assertEquals(Action.NONE, w.decide(t, "a", List.of("a"), ALL, 2), "at " + t);
    }
  }

  @Test
  void reportsOfSilentMembersAreNotTrusted() {
    ElectionWatch w = new ElectionWatch("a", GRACE);
    // b claimed leadership once, then went silent (stopped): its old claim must not count.
    w.report("b", new Report(5, "b", true), 0);
    long staleAfter = ElectionWatch.FRESH_PERIODS * ElectionWatch.REPORT_PERIOD_MS;
    for (long t = 0; t <= 10_000; t += 500) {
      w.report("a", new Report(5, "b", false), t);
      w.report("c", new Report(5, "b", false), t);
      Action a = w.decide(t, "a", ALL, ALL, 2);
      if (a == Action.ELECT) {
        // b's claim counted while fresh; then a full grace period without a claimant.
        assertEquals(staleAfter + 500 + GRACE, t);
        return;
      }
    }
    throw new AssertionError("never elected");
  }

  @Test
  void aLeaderAnnouncesItselfToMembersThatDoNotKnowIt() {
    ElectionWatch w = new ElectionWatch("b", GRACE);
    Report leader = new Report(6, "b", true);
    for (long t = 0; t <= 3_500; t += 500) {
      everyone(w, t, new Report(6, null, false), leader, new Report(6, "b", false));
      Action a = w.decide(t, "a", ALL, ALL, 2);
      assertEquals(t >= GRACE ? Action.ANNOUNCE : Action.NONE, a, "at " + t);
      if (a == Action.ANNOUNCE) {
        break;
      }
    }
    everyone(w, 4_000, new Report(6, "b", false), leader, new Report(6, "b", false));
    assertEquals(Action.NONE, w.decide(4_000, "a", ALL, ALL, 2));
  }

  @Test
  void badGraceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ElectionWatch("a", 0));
  }
}
