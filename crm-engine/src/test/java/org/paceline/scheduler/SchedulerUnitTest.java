package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/** Properties of the scheduler that hold for any input: determinism and explained scores. */
class SchedulerUnitTest {
  private static Cib load(String name) throws Exception {
    return CibXmlReader.read(Path.of("src/test/resources/scheduler", name + ".xml")).cib();
  }

  @Test
  void sameInputGivesSameTransition() throws Exception {
    Cib cib = load("group-location-start");
    assertEquals(Scheduler.schedule(cib, 0), Scheduler.schedule(cib, 0));
  }

  @Test
  void everyLocationScoreCarriesItsConstraintId() throws Exception {
    Transition t = Scheduler.schedule(load("group-location-start"), 0);
    List<ScoreContribution> hub = t.contributions().get("hub");
    assertTrue(
        hub.stream().anyMatch(c -> c.reason().contains("hub-prefers-n2") && c.node().equals("n2")),
        "contributions: " + hub);
  }

  @Test
  void uncleanNodeIsFencedBeforeItsResourceMoves() throws Exception {
    Transition t = Scheduler.schedule(load("failover-fence"), 0);
    assertEquals("Fence (reboot)", t.summary().get(0).verb());
    assertTrue(t.summary().stream().anyMatch(i -> i.verb().equals("Move")));
  }
}
