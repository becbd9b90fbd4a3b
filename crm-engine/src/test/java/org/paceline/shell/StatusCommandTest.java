package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crm status} and the status section of {@code crm simulate}, run as an operator would. */
@Tag("unit")
class StatusCommandTest {
  private static final String DIR = "src/test/resources/status/";

  @Test
  void textStatusOfAFile() {
    CrmRun r = CrmRun.of("status", "-x", DIR + "hub-pair-healthy.xml");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("Cluster Summary:\n  * Stack: paceline\n"), r.out());
    assertTrue(r.out().contains("    * Promoted: [ hub1 ]\n    * Unpromoted: [ hub2 ]\n"), r.out());
  }

  @Test
  void checkExitCodes() {
    CrmRun ok = CrmRun.of("status", "-x", DIR + "hub-pair-healthy.xml", "--check");
    assertEquals(0, ok.exitCode());
    assertEquals("CLUSTER OK\n", ok.out());
    CrmRun warn =
        CrmRun.of(
            "status",
            "-x",
            DIR + "hub-pair-standby.xml",
            "--check",
            "--active-resource",
            "pgsql-clone");
    assertEquals(1, warn.exitCode());
    assertTrue(warn.out().startsWith("CLUSTER WARNING: node hub2 is in standby; "), warn.out());
    CrmRun crit = CrmRun.of("status", "-x", DIR + "hub-pair-degraded.xml", "--check");
    assertEquals(2, crit.exitCode());
    assertTrue(crit.out().contains("node hub2 is UNCLEAN and must be fenced"), crit.out());
  }

  @Test
  void jsonAndXml() throws Exception {
    CrmRun json =
        CrmRun.of(
            "status",
            "-x",
            DIR + "hub-pair-healthy.xml",
            "--output",
            "json",
            "--node",
            "hub2",
            "--active-resource",
            "pgsql-clone");
    assertEquals(0, json.exitCode(), json.err());
    assertEquals(
        "standby", new ObjectMapper().readTree(json.out()).at("/summary/localRole").asText());
    CrmRun xml = CrmRun.of("status", "-x", DIR + "hub-pair-healthy.xml", "-o", "xml");
    assertEquals(0, xml.exitCode(), xml.err());
    assertTrue(xml.out().contains("<current_dc present=\"true\""), xml.out());
  }

  @Test
  void badInputGetsAClearErrorAndExitCode(@TempDir Path dir) throws Exception {
    CrmRun unknown = CrmRun.of("status", "-x", DIR + "hub-pair-healthy.xml", "--output", "yaml");
    assertEquals(ExitCodes.USAGE, unknown.exitCode());
    assertEquals(
        "crm status: unknown --output 'yaml' (expected text, json or xml)\n", unknown.err());

    CrmRun missing = CrmRun.of("status", "-x", dir.resolve("nope.xml").toString());
    assertEquals(ExitCodes.NO_INPUT, missing.exitCode());
    assertTrue(missing.err().contains("cannot read the CIB file"), missing.err());

    Path bad = dir.resolve("bad.xml");
    Files.writeString(bad, "<cib><configuration>");
    CrmRun invalid = CrmRun.of("status", "-x", bad.toString());
    assertEquals(ExitCodes.INVALID_INPUT, invalid.exitCode());
    assertTrue(invalid.err().startsWith("crm status: " + bad), invalid.err());

    // Without -x: the live status from the daemon of --config; an unreadable bootstrap file is
    // an invalid configuration, as for crm cluster status.
    CrmRun none = CrmRun.of("status", "--config", dir.resolve("node.yaml").toString());
    assertEquals(ExitCodes.INVALID_INPUT, none.exitCode());
    assertTrue(none.err().contains("node.yaml: (file): cannot read"), none.err());
  }

  @Test
  void simulatePrintsTheCurrentStatusBeforeTheSummary() {
    CrmRun r = CrmRun.of("simulate", "-x", DIR + "hub-pair-degraded.xml");
    assertEquals(0, r.exitCode(), r.err());
    String out = r.out();
    assertTrue(
        out.startsWith(
            "Using the original execution date of: 2026-11-18 11:16:40Z\n"
                + "Current cluster status:\n"
                + "  * Node List:\n"
                + "    * Node hub2: UNCLEAN (offline)\n"
                + "    * Node hub3: standby\n"
                + "    * Online: [ hub1 ]\n\n"
                + "  * Full List of Resources:\n"),
        out);
    assertTrue(out.indexOf("Current cluster status:") < out.indexOf("Transition Summary:"));
  }
}
