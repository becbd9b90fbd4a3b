package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.cib.CibXmlReader;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.Transition;

/** {@code crm simulate -S}: the transition as a run executes it, and the status after it. */
@Tag("unit")
class SimulateExecutionTest {
  private static final String HEALTHY = "src/test/resources/status/hub-pair-healthy.xml";

  /** From the heading to the next heading (a line at the margin after a blank line). */
  private static String section(String out, String heading) {
    int at = out.indexOf(heading);
    assertTrue(at >= 0, "no '" + heading + "' in:\n" + out);
    java.util.regex.Matcher next = java.util.regex.Pattern.compile("\n\n(?=\\S)").matcher(out);
    return out.substring(at, next.find(at) ? next.start() : out.length());
  }

  @Test
  void whatIfTheActiveHubFailsFencesItThenRecoversEverythingOnTheOther(@TempDir Path dir)
      throws Exception {
    Path saved = dir.resolve("after.xml");
    CrmRun r =
        CrmRun.of("simulate", "-x", HEALTHY, "--node-fail", "hub1", "-S", "-O", saved.toString());
    assertEquals(0, r.exitCode(), r.err());
    String executing = section(r.out(), "Executing Cluster Transition:");
    List<String> lines = executing.lines().skip(1).toList();
    assertEquals("  * Fencing hub1 (reboot)", lines.get(0), executing);
    // Named as crm_simulate names an anonymous instance its history records without a number.
    assertTrue(lines.contains("  * Resource action: pgsql           promote on hub2"), executing);
    assertTrue(lines.contains("  * Resource action: hub-vip         start on hub2"), executing);
    assertTrue(
        lines.indexOf("  * Resource action: hub-vip         start on hub2")
            < lines.indexOf("  * Resource action: cf-serverd      start on hub2"),
        "group order: " + executing);
    assertFalse(executing.contains(" on hub1"), "nothing runs on the fenced node: " + executing);

    String revised = section(r.out(), "Revised Cluster Status:");
    assertTrue(revised.contains("* Online: [ hub2 ]"), revised);
    assertTrue(revised.contains("* OFFLINE: [ hub1 ]"), revised);
    assertTrue(revised.contains("* Promoted: [ hub2 ]"), revised);
    assertTrue(revised.contains("hub-vip\t(ocf:paceline:vip):\t Started hub2"), revised);
    assertTrue(
        revised.contains("cf-serverd\t(ocf:paceline:policy-server):\t Started hub2"), revised);

    // The anonymous clone's promote is recorded under the primitive's id, as Pacemaker does.
    var hub2 = CibXmlReader.read(saved).cib().nodeState("hub2").orElseThrow().lrmResources();
    assertTrue(hub2.stream().noneMatch(h -> h.id().startsWith("pgsql:")), hub2.toString());
    assertTrue(
        hub2.stream()
            .filter(h -> h.id().equals("pgsql"))
            .flatMap(h -> h.ops().stream())
            .anyMatch(o -> "pgsql_promote_0".equals(o.operationKey())),
        hub2.toString());

    // -O with -S saves the CIB after the transition: scheduling it again finds nothing to do
    // but what a lost node leaves (the promoted copy on hub1 is gone for good).
    CrmRun again = CrmRun.of("simulate", "-x", saved.toString());
    assertEquals(0, again.exitCode(), again.err());
    String summary = section(again.out(), "Transition Summary:");
    assertEquals("Transition Summary:", summary.strip(), again.out());
  }

  @Test
  void withoutChangesNothingIsExecutedAndTheStatusStaysTheSame() throws Exception {
    CrmRun r = CrmRun.of("simulate", "-x", HEALTHY, "-S");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("Executing Cluster Transition:", section(r.out(), "Executing").strip());
    String current = section(r.out(), "Current cluster status:");
    String revised = section(r.out(), "Revised Cluster Status:");
    assertEquals(
        current.substring(current.indexOf('\n')).strip(),
        revised.substring(revised.indexOf('\n')).strip());
    String resourcesNow = r.out().substring(r.out().indexOf("  * Full List of Resources:"));
    assertTrue(resourcesNow.contains("Started hub1"), r.out());
  }

  @Test
  void fencingAndProbesFirstThenRoundsAfterPredecessorsPseudoAndFencedOnesNamedAsSuch() {
    Transition t =
        new Transition(
            List.of(
                new Action("b_start_0", "b", ActionTask.START, 0, "n2", true),
                new Action("a_start_0", "a", ActionTask.START, 0, "n2", true),
                new Action("a_monitor_10000", "a", ActionTask.MONITOR, 10000, "n2", true),
                new Action("c_stop_0", "c", ActionTask.STOP, 0, "n1", true),
                new Action("stonith-n1-reboot", null, ActionTask.STONITH, 0, "n1", true),
                new Action("g_start_0", "g", ActionTask.START, 0, null, true),
                new Action("x_start_0", "x", ActionTask.START, 0, "n2", false),
                new Action("p_monitor_0", "p", ActionTask.MONITOR, 0, "n2", true)),
            List.of(
                new OrderEdge("a_start_0", "b_start_0", true, "test"),
                new OrderEdge("a_start_0", "a_monitor_10000", true, "test"),
                new OrderEdge("stonith-n1-reboot", "c_stop_0", true, "test")),
            List.of(),
            List.of(),
            java.util.Map.of(),
            java.util.Map.of(),
            List.of());
    assertEquals(
        List.of(
            "  * Fencing n1 (reboot)",
            "  * Resource action: p               monitor on n2",
            "  * Resource action: a               start on n2",
            "  * Pseudo action:   c_stop_0",
            "  * Pseudo action:   g_start_0",
            "  * Resource action: b               start on n2",
            "  * Resource action: a               monitor=10000 on n2"),
        TransitionPrinter.executionLines(t));
  }
}
