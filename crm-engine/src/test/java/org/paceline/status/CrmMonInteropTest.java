package org.paceline.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pacemaker's own crm_mon (Debian's pacemaker-cli-utils) reads the same test CIB ({@code
 * CIB_file=...}); our text must equal its output except the lines that name the stack, the version
 * and the time. Skipped where crm_mon is not installed.
 */
@Tag("unit")
class CrmMonInteropTest {
  private static final Path CRM_MON = Path.of("/usr/sbin/crm_mon");

  /** How long crm_mon may take, in seconds. */
  private static final int CRM_MON_TIMEOUT_S = 30;

  @ParameterizedTest
  @ValueSource(strings = {"hub-pair-healthy", "hub-pair-degraded", "hub-pair-standby"})
  void textEqualsCrmMonsExceptStackVersionAndTime(String name) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CRM_MON), "crm_mon is not installed");
    ProcessBuilder pb = new ProcessBuilder(CRM_MON.toString(), "-1", "-r");
    pb.environment().put("CIB_file", StatusFixtures.DIR.resolve(name + ".xml").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(CRM_MON_TIMEOUT_S, TimeUnit.SECONDS), "crm_mon did not finish");
    String theirs = mask(new String(out, StandardCharsets.UTF_8));
    // crm_mon knows no fencing history of a file; compare without ours.
    ClusterSnapshot snap =
        StatusFixtures.snapshot(name, "hub1").withFencingHistory(java.util.List.of());
    String ours = mask(StatusRenderer.text(snap));
    assertEquals(theirs, ours, name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hub-pair-healthy", "hub-pair-degraded", "hub-pair-standby"})
  void simulateSectionEqualsCrmSimulates(String name) throws Exception {
    Path crmSimulate = Path.of("/usr/sbin/crm_simulate");
    Assumptions.assumeTrue(Files.isExecutable(crmSimulate), "crm_simulate is not installed");
    Path cib = StatusFixtures.DIR.resolve(name + ".xml");
    Process p =
        new ProcessBuilder(crmSimulate.toString(), "-S", "-x", cib.toString())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(CRM_MON_TIMEOUT_S, TimeUnit.SECONDS), "crm_simulate did not finish");
    String theirs = new String(out, StandardCharsets.UTF_8);
    theirs = theirs.substring(0, theirs.indexOf("Transition Summary:"));
    ClusterSnapshot snap =
        ClusterSnapshot.fromCib(
            org.paceline.cib.CibXmlReader.read(cib).cib(), null, null, StatusFixtures.NOW);
    assertEquals(theirs, StatusRenderer.simulateSection(snap), name);
  }

  private static String mask(String text) {
    // The "Move/Ban Constraints" section is Paceline's addition; crm_mon has none.
    return text.replaceAll("(?m)\n^Move/Ban Constraints .*\n(^  \\* .*\n)*", "")
        .replaceAll("(?m)^  \\* Stack: .*$", "  * Stack: X")
        .replaceAll("\\(version [^)]*\\)", "(version X)")
        .replaceAll("(?m)^  \\* Last updated: .*$", "  * Last updated: X");
  }
}
