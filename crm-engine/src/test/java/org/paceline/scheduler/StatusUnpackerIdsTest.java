package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatusUnpackerIdsTest {
  @Test
  void aCloneInstanceNumberIsStrippedAndNothingElse() {
    assertEquals("c1", StatusUnpacker.baseId("c1:0"));
    assertEquals("c1", StatusUnpacker.baseId("c1:12"));
    assertEquals("ns:c1", StatusUnpacker.baseId("ns:c1:3"));
    assertEquals("c1:", StatusUnpacker.baseId("c1:"));
    assertEquals("c1:x1", StatusUnpacker.baseId("c1:x1"));
    assertEquals(":1", StatusUnpacker.baseId(":1"));
    assertEquals("c1", StatusUnpacker.baseId("c1"));
  }
}
