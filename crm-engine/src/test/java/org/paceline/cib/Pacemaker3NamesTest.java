package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SummaryItem;

/**
 * Pacemaker 3.0's property names (fencing-enabled since 3.0.2, ...) mean what the 2.x names mean:
 * fencing-enabled=false turns fencing off; with both names set, the 3.0 one wins; neither is an
 * "unknown property".
 */
@Tag("unit")
class Pacemaker3NamesTest {
  private static final Path FAILOVER = Path.of("src/test/resources/scheduler/failover-fence.xml");

  private static Cib withProperties(String nvpairs) throws Exception {
    String xml =
        Files.readString(FAILOVER)
            .replace(
                "<nvpair id=\"props-stonith\" name=\"stonith-enabled\" value=\"true\"/>", nvpairs)
            .replace("validate-with=\"pacemaker-3.7\"", "validate-with=\"pacemaker-4.0\"");
    return CibXmlReader.read(xml, "test").cib();
  }

  private static List<String> summary(Cib cib) {
    return Scheduler.schedule(cib).summary().stream().map(SummaryItem::format).toList();
  }

  @Test
  void fencingEnabledFalseTurnsFencingOff() throws Exception {
    Cib on = withProperties("<nvpair id=\"p1\" name=\"fencing-enabled\" value=\"true\"/>");
    assertTrue(
        summary(on).stream().anyMatch(l -> l.contains("Fence (reboot) hub-a")),
        summary(on).toString());
    Cib off = withProperties("<nvpair id=\"p1\" name=\"fencing-enabled\" value=\"false\"/>");
    assertEquals("false", off.configuration().property("stonith-enabled").orElseThrow());
    assertFalse(summary(off).stream().anyMatch(l -> l.contains("Fence")), summary(off).toString());
  }

  @Test
  void theNewNameWinsAndNeitherIsUnknown() throws Exception {
    Cib both =
        withProperties(
            "<nvpair id=\"p1\" name=\"stonith-enabled\" value=\"true\"/>"
                + "<nvpair id=\"p2\" name=\"fencing-enabled\" value=\"false\"/>"
                + "<nvpair id=\"p3\" name=\"fencing-action\" value=\"off\"/>"
                + "<nvpair id=\"p4\" name=\"fencing-watchdog-timeout\" value=\"0\"/>");
    assertEquals("false", both.configuration().property("stonith-enabled").orElseThrow());
    assertEquals("false", both.configuration().property("fencing-enabled").orElseThrow());
    assertEquals("off", ClusterOption.STONITH_ACTION.value(both.configuration()));
    List<Problem> problems = CibValidator.validate(both);
    assertFalse(
        problems.stream().anyMatch(p -> p.message().contains("unknown cluster property")),
        problems.toString());
    Cib bad = withProperties("<nvpair id=\"p1\" name=\"fencing-enabled\" value=\"maybe\"/>");
    assertTrue(
        CibValidator.validate(bad).stream()
            .anyMatch(
                p ->
                    p.severity() == Problem.Severity.ERROR
                        && p.message().contains("fencing-enabled")),
        CibValidator.validate(bad).toString());
  }
}
