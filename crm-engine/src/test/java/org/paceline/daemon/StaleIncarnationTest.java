package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StaleIncarnationTest {
  @Test
  void aDuplicateMemberRefusalIsRetriedAndAnyOtherIsNot() {
    // JGroups' GMS words the refusal of a node whose previous incarnation is still a member so.
    assertTrue(
        NodeDaemon.staleIncarnation(
            new SecurityException(
                "join of witness rejected as it would create a view with duplicate members"
                    + " (current view: [a|4] (3) [a, b, witness])")));
    assertFalse(
        NodeDaemon.staleIncarnation(
            new SecurityException("protocol generation 3 refused: the members run 4")));
    assertFalse(NodeDaemon.staleIncarnation(new SecurityException()));
  }

  @Test
  void theUnitRestartsAPassingRefusalAndNotAProtocolOne() throws Exception {
    String unit =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("../packaging/systemd/paceline.service"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^RestartPreventExitStatus=(.*)$").matcher(unit);
    assertTrue(m.find(), unit);
    java.util.List<String> kept = java.util.List.of(m.group(1).trim().split("\\s+"));
    assertTrue(kept.contains(String.valueOf(PacelineMain.EX_PROTOCOL)), kept.toString());
    assertFalse(kept.contains(String.valueOf(PacelineMain.EX_TEMPFAIL)), kept.toString());
    assertTrue(unit.contains("Restart=on-failure"), unit);
  }
}
