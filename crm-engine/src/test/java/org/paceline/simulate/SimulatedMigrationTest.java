package org.paceline.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.Transition;

@Tag("unit")
class SimulatedMigrationTest {
  @Test
  void appliedMigrationLeavesNothingToDo() throws Exception {
    Cib cib = CibXmlReader.read(Path.of("src/test/resources/scheduler/migrate-standby.xml")).cib();
    Transition t = Scheduler.schedule(cib, 0);
    assertEquals("Migrate", t.summary().get(0).verb());
    Cib after = SimulatedExecution.apply(cib, t);
    assertTrue(Scheduler.schedule(after, 0).summary().isEmpty());
  }
}
