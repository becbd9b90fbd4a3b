package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;

/** Which recurring ops a node's history shows active (calculate_active_ops, process_recurring). */
@Tag("unit")
class RecurringHistoryTest {
  private static LrmRscOp op(String task, long intervalMs, int callId, int rc, int status) {
    return LrmRscOp.of("r_" + task + "_" + intervalMs, "r", task, intervalMs)
        .callId(callId)
        .rcCode(rc)
        .opStatus(status)
        .build();
  }

  private static LrmResource history(LrmRscOp... ops) {
    return new LrmResource("r", "ocf", "pacemaker", "Dummy", List.of(ops), Map.of());
  }

  @Test
  void aMonitorRecordedSinceTheLastStartIsActive() {
    LrmResource h = history(op("start", 0, 2, 0, 0), op("monitor", 10000, 3, 0, 0));
    assertTrue(RecurringHistory.running(h, "monitor", 10000));
  }

  @Test
  void aMonitorRecordedBeforeTheLastStartIsNot() {
    // bug-cl-5168: the monitor ran before a later start, which nothing re-armed it after
    LrmResource h = history(op("monitor", 29000, 5, 0, 0), op("start", 0, 9, 0, 0));
    assertFalse(RecurringHistory.running(h, "monitor", 29000));
  }

  @Test
  void nothingIsActiveAfterAStop() {
    LrmResource h =
        history(op("start", 0, 2, 0, 0), op("monitor", 10000, 3, 0, 0), op("stop", 0, 4, 0, 0));
    assertFalse(RecurringHistory.running(h, "monitor", 10000));
  }

  @Test
  void aPromoteStandsForTheStartWhenNoneIsRecorded() {
    // promoted_monitor_restart: the promoted monitor predates the promote
    LrmResource h = history(op("monitor", 5000, 82, 8, 0), op("promote", 0, 135, 0, 0));
    assertFalse(RecurringHistory.running(h, "monitor", 5000));
  }

  @Test
  void aPendingMonitorIsNotActive() {
    LrmResource h = history(op("start", 0, 2, 0, 0), op("monitor", 10000, 3, 0, -1));
    assertFalse(RecurringHistory.running(h, "monitor", 10000));
  }
}
