package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SummaryItem;

/**
 * Syntax Pacemaker 3.0 removed is read as Pacemaker 3.0's upgrade reads it, and each removal is a
 * warning with its file and line and the replacement: {@code <master>}, {@code <lifetime>}, and the
 * removed cluster properties.
 */
@Tag("unit")
class Pacemaker3RemovalsTest {
  private static final long Y2025 = 1_735_689_600L; // 2025-01-01T00:00:00Z

  private static String cib(String properties, String resources, String constraints) {
    return """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-4.0" have-quorum="1">
          <configuration>
            <crm_config>
              <cluster_property_set id="opts">
                <nvpair id="o-fence" name="fencing-enabled" value="false"/>
                %s
              </cluster_property_set>
            </crm_config>
            <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
            <resources>
              %s
            </resources>
            <constraints>
              %s
            </constraints>
          </configuration>
          <status>
            <node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
            <node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
          </status>
        </cib>
        """
        .formatted(properties, resources, constraints);
  }

  private static final String DUMMIES =
      """
      <primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
      <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
      """;

  private static String lifetime(String id, String end) {
    return "<lifetime id=\"%s\"><rule id=\"%s-r\"><date_expression id=\"%s-d\" operation=\"lt\" end=\"%s\"/></rule></lifetime>"
        .formatted(id, id, id, end);
  }

  private static List<String> summary(Cib cib, long now) {
    return Scheduler.schedule(cib, now).summary().stream().map(SummaryItem::format).toList();
  }

  @Test
  void masterIsAPromotableCloneAndSaidSoWithItsLine() throws Exception {
    CibDocument doc =
        CibXmlReader.read(
            cib(
                "",
                "<master id=\"ms\"><primitive id=\"st\" class=\"ocf\" provider=\"pacemaker\""
                    + " type=\"Stateful\"/></master>",
                ""),
            "p3.xml");
    Clone ms = (Clone) doc.cib().configuration().resources().get(0);
    assertTrue(ms.promotable(), ms.toString());
    assertEquals(1, doc.readWarnings().size(), doc.readWarnings().toString());
    String w = doc.readWarnings().get(0);
    assertTrue(w.startsWith("p3.xml:11: warning: <master id=\"ms\">"), w);
    assertTrue(w.contains("promotable=true"), w);
    String written = CibXmlWriter.write(doc.cib());
    assertFalse(written.contains("<master"), written);
  }

  @Test
  void aLocationLifetimeHoldsTheConstraintToItsRulesAsPacemakerDid() throws Exception {
    String constraints =
        "<rsc_location id=\"live\" rsc=\"a\" node=\"node2\" score=\"100\">"
            + lifetime("lt-live", "2030-01-01")
            + "</rsc_location>"
            + "<rsc_location id=\"expired\" rsc=\"b\" node=\"node2\" score=\"100\">"
            + lifetime("lt-expired", "2020-01-01")
            + "</rsc_location>"
            + "<rsc_location id=\"b-first\" rsc=\"b\" node=\"node1\" score=\"50\"/>";
    CibDocument doc = CibXmlReader.read(cib("", DUMMIES, constraints), "p3.xml");
    List<String> s = summary(doc.cib(), Y2025);
    assertTrue(
        s.stream().anyMatch(l -> l.matches("\\s*\\* Start\\s+a\\s+\\( node2 \\)")), s.toString());
    assertTrue(
        s.stream().anyMatch(l -> l.matches("\\s*\\* Start\\s+b\\s+\\( node1 \\)")), s.toString());
    // Before the first lifetime ends both apply; after 2030 neither does.
    List<String> before = summary(doc.cib(), 1_500_000_000L);
    assertTrue(
        before.stream().anyMatch(l -> l.matches("\\s*\\* Start\\s+b\\s+\\( node2 \\)")),
        before.toString());
    assertEquals(2, doc.readWarnings().size(), doc.readWarnings().toString());
    assertTrue(doc.readWarnings().get(0).contains("<lifetime id=\"lt-live\">"));
    // Written back in its current form, which reads back to the same decisions and no warning.
    CibDocument again = CibXmlReader.read(CibXmlWriter.write(doc.cib()), "again.xml");
    assertEquals(List.of(), again.readWarnings());
    assertEquals(s, summary(again.cib(), Y2025));
  }

  @Test
  void aColocationLifetimeIsDroppedAsPacemaker3DropsItAndSaidSo() throws Exception {
    String constraints =
        "<rsc_location id=\"a-on-2\" rsc=\"a\" node=\"node2\" score=\"100\"/>"
            + "<rsc_colocation id=\"b-with-a\" rsc=\"b\" with-rsc=\"a\" score=\"INFINITY\">"
            + lifetime("lt-c", "2020-01-01")
            + "</rsc_colocation>";
    CibDocument doc = CibXmlReader.read(cib("", DUMMIES, constraints), "p3.xml");
    List<String> s = summary(doc.cib(), Y2025);
    assertTrue(
        s.stream().anyMatch(l -> l.matches("\\s*\\* Start\\s+b\\s+\\( node2 \\)")), s.toString());
    assertEquals(1, doc.readWarnings().size());
    assertTrue(doc.readWarnings().get(0).contains("is dropped"), doc.readWarnings().get(0));
  }

  @Test
  void removedClusterPropertiesAreWarningsNamingTheReplacement() throws Exception {
    Cib cib =
        CibXmlReader.read(
                cib(
                    "<nvpair id=\"o-delay\" name=\"crmd-transition-delay\" value=\"0s\"/>"
                        + "<nvpair id=\"o-act\" name=\"stonith-action\" value=\"poweroff\"/>",
                    DUMMIES,
                    ""),
                "p3.xml")
            .cib();
    List<Problem> problems = CibValidator.validate(cib);
    assertFalse(CibValidator.hasErrors(problems), problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p -> "o-delay".equals(p.id()) && p.message().contains("use transition-delay")),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> "o-act".equals(p.id()) && p.message().contains("use off")),
        problems.toString());
  }

  @Test
  void aLifetimeWithSomethingElseThanRulesIsRefused() {
    String constraints =
        "<rsc_location id=\"l\" rsc=\"a\" node=\"node2\" score=\"1\"><lifetime id=\"lt\">"
            + "<expression id=\"e\" attribute=\"x\" operation=\"defined\"/></lifetime></rsc_location>";
    CibFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CibFormatException.class,
            () -> CibXmlReader.read(cib("", DUMMIES, constraints), "p3.xml"));
    assertTrue(e.getMessage().contains("p3.xml:"), e.getMessage());
  }
}
