package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The promotion rule: highest (timeline, LSN); with sync replication only former sync standbys. */
@Tag("unit")
class PromotionChoiceTest {
  @Test
  void highestTimelineThenLsn() {
    var a = new StandbyPosition("a", 2, PromotionChoice.parseLsn("0/5000000"), false);
    var b = new StandbyPosition("b", 3, PromotionChoice.parseLsn("0/3000000"), false);
    var c = new StandbyPosition("c", 3, PromotionChoice.parseLsn("1/0"), false);
    assertEquals("c", PromotionChoice.choose(List.of(a, b, c), false).orElseThrow().node());
  }

  @Test
  void synchronousReplicationOnlyPromotesAFormerSyncStandby() {
    var async = new StandbyPosition("async", 1, 900, false);
    var sync = new StandbyPosition("sync", 1, 800, true);
    assertEquals("sync", PromotionChoice.choose(List.of(async, sync), true).orElseThrow().node());
    assertTrue(PromotionChoice.choose(List.of(async), true).isEmpty());
  }

  @Test
  void tiesGoToTheLowestNodeName() {
    var x = new StandbyPosition("x", 1, 5, false);
    var b = new StandbyPosition("b", 1, 5, false);
    assertEquals("b", PromotionChoice.choose(List.of(x, b), false).orElseThrow().node());
  }
}
