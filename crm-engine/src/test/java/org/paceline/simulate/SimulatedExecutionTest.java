package org.paceline.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.Transition;

@Tag("unit")
class SimulatedExecutionTest {
  private static final String HEALTHY = "src/test/resources/status/hub-pair-healthy.xml";

  @Test
  void simulatedExecutionTakesAFencedNodeDownWithItsHistory() throws Exception {
    Cib cib = CibXmlReader.read(Path.of(HEALTHY)).cib();
    Transition t =
        new Transition(
            List.of(new Action("stonith-hub1-reboot", null, ActionTask.STONITH, 0, "hub1", true)),
            List.of(),
            List.of(),
            List.of(),
            java.util.Map.of(),
            java.util.Map.of(),
            List.of());
    Cib after = SimulatedExecution.apply(cib, t);
    var hub1 = after.nodeState("hub1").orElseThrow();
    assertEquals("false", hub1.inCcm());
    assertEquals("offline", hub1.crmd());
    assertEquals("down", hub1.join());
    assertEquals("down", hub1.expected());
    assertTrue(hub1.lrmResources().isEmpty());
    assertEquals(cib.nodeState("hub2"), after.nodeState("hub2"));
  }
}
