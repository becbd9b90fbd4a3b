package org.paceline.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.cib.CibXmlReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Golden tests of the crm_mon-style text (NAME.txt next to NAME.xml, rewritten only with
 * -Dpaceline.golden.update=true, then review the diff), the JSON and XML shapes, and the check
 * verdicts.
 */
@Tag("unit")
class StatusRendererTest {
  @ParameterizedTest
  @ValueSource(strings = {"hub-pair-healthy", "hub-pair-degraded", "hub-pair-standby"})
  void textMatchesReviewedGolden(String name) throws Exception {
    String actual = StatusRenderer.text(StatusFixtures.snapshot(name, "hub1"));
    Path golden = StatusFixtures.DIR.resolve(name + ".txt");
    if (Boolean.getBoolean("paceline.golden.update")) {
      Files.writeString(golden, actual);
      return;
    }
    assertEquals(Files.readString(golden), actual, name);
  }

  @Test
  void checkCodes() throws Exception {
    StatusReport.Health ok =
        StatusRenderer.check(StatusFixtures.snapshot("hub-pair-healthy", "hub1"));
    assertEquals(HealthCheck.OK, ok.code(), ok.reasons().toString());
    assertEquals(List.of(), ok.reasons());

    StatusReport.Health warn =
        StatusRenderer.check(StatusFixtures.snapshot("hub-pair-standby", "hub1"));
    assertEquals(HealthCheck.WARNING, warn.code());
    assertEquals(
        List.of(
            "node hub2 is in standby",
            "no Unpromoted instance of pgsql-clone on an online node to take over",
            "constraint cli-ban-hub-services-on-hub2 left by a move/ban; remove it with crm"
                + " resource clear"),
        warn.reasons());

    StatusReport.Health crit =
        StatusRenderer.check(StatusFixtures.snapshot("hub-pair-degraded", "hub1"));
    assertEquals(HealthCheck.CRITICAL, crit.code());
    assertTrue(
        crit.reasons().contains("node hub2 is UNCLEAN and must be fenced"),
        crit.reasons().toString());
    assertTrue(crit.reasons().contains("resource cf-serverd FAILED on hub1"));
    assertTrue(
        crit.reasons().stream().anyMatch(r -> r.startsWith("fencing (reboot) of hub2 failed")));
    assertTrue(crit.reasons().contains("node hub3 is in standby"));
    // critical reasons come before warnings
    assertTrue(
        crit.reasons().indexOf("node hub3 is in standby")
            > crit.reasons().indexOf("resource cf-serverd FAILED on hub1"));
  }

  @Test
  void noQuorumIsCritical() throws Exception {
    String xml =
        Files.readString(StatusFixtures.DIR.resolve("hub-pair-healthy.xml"))
            .replace("have-quorum=\"1\"", "have-quorum=\"0\"");
    ClusterSnapshot s =
        ClusterSnapshot.fromCib(
            CibXmlReader.read(xml, "no-quorum").cib(), "hub1", "pgsql-clone", StatusFixtures.NOW);
    StatusReport.Health h = StatusRenderer.check(s);
    assertEquals(HealthCheck.CRITICAL, h.code());
    assertEquals(List.of("no quorum"), h.reasons());
    assertTrue(StatusRenderer.text(s).contains("partition WITHOUT quorum"));
  }

  @Test
  void aCleanlyStoppedPeerIsAWarningNotAnOutage() throws Exception {
    // A peer that left cleanly has no resource history left (the DC erases it); with fencing
    // enabled, history claiming resources still ran there would get it fenced (2.1.5).
    String xml =
        Files.readString(StatusFixtures.DIR.resolve("hub-pair-healthy.xml"))
            .replace(
                "uname=\"hub2\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"",
                "uname=\"hub2\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\"")
            .replaceAll("(?s)<lrm id=\"2\">.*?</lrm>", "");
    ClusterSnapshot s =
        ClusterSnapshot.fromCib(
            CibXmlReader.read(xml, "hub2-down").cib(), "hub1", "pgsql-clone", StatusFixtures.NOW);
    StatusReport.Health h = StatusRenderer.check(s);
    assertEquals(HealthCheck.WARNING, h.code(), h.reasons().toString());
    assertEquals(
        List.of(
            "node hub2 is offline",
            "resource fence-hub1 is stopped: no online node may run it",
            "no Unpromoted instance of pgsql-clone on an online node to take over"),
        h.reasons());
  }

  @Test
  void fencingThatSucceededAfterFailingIsNotCritical() throws Exception {
    ClusterSnapshot s =
        StatusFixtures.snapshot("hub-pair-healthy", "hub1")
            .withFencingHistory(
                List.of(
                    new FencingEvent(
                        "hub2", "reboot", false, StatusFixtures.NOW.minusSeconds(30), "timeout"),
                    new FencingEvent(
                        "hub2", "reboot", true, StatusFixtures.NOW.minusSeconds(10), "")));
    assertEquals(HealthCheck.OK, StatusRenderer.check(s).code());
    String text = StatusRenderer.text(s);
    assertTrue(
        text.contains(
            "Fencing History:\n  * reboot of hub2 successful: completed='Mon Nov 23 18:59:50 2026'\n"),
        text);
  }

  @Test
  void jsonHasTheReport() throws Exception {
    JsonNode j =
        new ObjectMapper()
            .readTree(StatusRenderer.json(StatusFixtures.snapshot("hub-pair-degraded", "hub1")));
    assertEquals("hub1", j.at("/summary/dc").asText());
    assertEquals(true, j.at("/summary/quorate").asBoolean());
    assertEquals("active", j.at("/summary/localRole").asText());
    assertEquals("hub1", j.at("/summary/activeNodes/0").asText());
    assertEquals(2, j.at("/health/code").asInt());
    assertEquals("UNCLEAN (offline)", j.at("/nodes/1/state").asText());
    assertEquals("cf-serverd_monitor_10000", j.at("/failedActions/0/opKey").asText());
    assertEquals(1, j.at("/failCounts/0/count").asInt());
    assertEquals("hub2", j.at("/fencing/0/target").asText()); // newest first
    assertFalse(j.at("/fencing/0/ok").asBoolean());
  }

  @Test
  void xmlIsShapedLikeCrmMon() throws Exception {
    String xml = StatusRenderer.xml(StatusFixtures.snapshot("hub-pair-degraded", "hub1"));
    Document d =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element dc = (Element) d.getElementsByTagName("current_dc").item(0);
    assertEquals("hub1", dc.getAttribute("name"));
    assertEquals("true", dc.getAttribute("with_quorum"));
    Element hub2 = (Element) d.getElementsByTagName("node").item(1);
    assertEquals("hub2", hub2.getAttribute("name"));
    assertEquals("true", hub2.getAttribute("unclean"));
    Element clone = (Element) d.getElementsByTagName("clone").item(0);
    assertEquals("pgsql-clone", clone.getAttribute("id"));
    assertEquals("true", clone.getAttribute("multi_state"));
    Element failure = (Element) d.getElementsByTagName("failure").item(0);
    assertEquals("cf-serverd_monitor_10000", failure.getAttribute("op_key"));
    assertEquals("1", failure.getAttribute("exitcode"));
    assertEquals("2", ((Element) d.getElementsByTagName("health").item(0)).getAttribute("code"));
    assertEquals(2, d.getElementsByTagName("fence_event").getLength());
  }
}
