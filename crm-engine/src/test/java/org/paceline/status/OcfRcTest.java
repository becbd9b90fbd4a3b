package org.paceline.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pacemaker's remap of a recorded result into failed or not, case by case. */
@Tag("unit")
class OcfRcTest {
  @Test
  void anErrorStatusIsReDerivedFromTheExpectedResult() {
    // op-status 4 (error) with the rc the action expected: no failure (crm_mon lists nothing).
    assertFalse(OcfRc.failed(4, 7, 7, true));
    assertTrue(OcfRc.failed(4, 1, 0, false));
    assertFalse(OcfRc.failed(0, 0, 0, false));
    assertTrue(OcfRc.failed(0, 7, 0, false)); // a monitor finding it stopped
  }

  @Test
  void aProbeReportsAStateNotAFailure() {
    assertFalse(OcfRc.failed(0, 0, 7, true)); // found running
    assertFalse(OcfRc.failed(0, 8, 7, true)); // found promoted
    assertFalse(OcfRc.failed(0, 7, 0, true)); // found stopped
    assertTrue(OcfRc.failed(0, 5, 7, true)); // not installed
  }

  @Test
  void finalStatusesAndMissingExpectationsAreFailuresPendingAndCancelledAreNot() {
    assertTrue(OcfRc.failed(2, 0, 0, false)); // timed out
    assertTrue(OcfRc.failed(0, 0, null, false)); // no expected rc: obsolete key
    assertFalse(OcfRc.failed(-1, 0, 0, false));
    assertFalse(OcfRc.failed(1, 0, 0, false));
    assertTrue(OcfRc.failed(0, 9, 9, false)); // failed promoted, even when expected
  }
}
