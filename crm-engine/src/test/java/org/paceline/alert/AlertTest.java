package org.paceline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;

/** The {@code <alerts>} section as Pacemaker reads it, and its timestamps. */
@Tag("unit")
class AlertTest {
  private static Alert.Section section(String alerts) throws CibFormatException {
    Cib cib =
        CibXmlReader.read(
                """
            <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
              <configuration><crm_config/><nodes/><resources/><constraints/>
            """
                    + alerts
                    + "</configuration><status/></cib>",
                "t.xml")
            .cib();
    return Alert.of(cib.configuration());
  }

  @Test
  void eachRecipientIsATargetWithTheAlertsSettingsAsItOverridesThem() throws Exception {
    Alert.Section s =
        section(
            """
            <alerts>
              <alert id="file" path="/usr/share/pacemaker/alerts/alert_file.sh.sample">
                <meta_attributes id="file-meta">
                  <nvpair id="file-t" name="timeout" value="15s"/>
                  <nvpair id="file-f" name="timestamp-format" value="%Y-%m-%d"/>
                </meta_attributes>
                <instance_attributes id="file-env">
                  <nvpair id="file-e" name="debug_exec_order" value="false"/>
                </instance_attributes>
                <recipient id="r1" value="/tmp/one.log"/>
                <recipient id="r2" value="/tmp/two.log">
                  <meta_attributes id="r2-meta"><nvpair id="r2-t" name="timeout" value="2s"/></meta_attributes>
                </recipient>
                <recipient id="r3" value="/tmp/off.log">
                  <meta_attributes id="r3-meta"><nvpair id="r3-e" name="enabled" value="false"/></meta_attributes>
                </recipient>
              </alert>
              <alert id="bare" path="/bin/true"/>
            </alerts>
            """);
    assertEquals(List.of(), s.problems());
    assertEquals(3, s.alerts().size(), s.alerts().toString());
    Alert one = s.alerts().get(0);
    assertEquals("file/r1", one.id());
    assertEquals("/tmp/one.log", one.recipient());
    assertEquals(15_000, one.timeoutMs());
    assertEquals("%Y-%m-%d", one.timestampFormat());
    assertEquals(Map.of("debug_exec_order", "false"), one.environment());
    assertEquals(2_000, s.alerts().get(1).timeoutMs());
    Alert bare = s.alerts().get(2);
    assertEquals(null, bare.recipient());
    assertEquals(Alert.DEFAULT_TIMEOUT_MS, bare.timeoutMs());
    assertEquals(Alert.DEFAULT_TIMESTAMP_FORMAT, bare.timestampFormat());
    // Without <select>: node, fencing and resource events, never attributes.
    assertEquals(
        Set.of(AlertEvent.Kind.NODE, AlertEvent.Kind.FENCING, AlertEvent.Kind.RESOURCE),
        bare.kinds());
  }

  @Test
  void selectChoosesKindsAndAttributeNames() throws Exception {
    Alert a =
        section(
                """
                <alerts>
                  <alert id="a" path="/bin/true">
                    <select>
                      <select_fencing/>
                      <select_attributes><attribute id="a-x" name="master-db"/></select_attributes>
                    </select>
                  </alert>
                </alerts>
                """)
            .alerts()
            .get(0);
    Instant t = Instant.EPOCH;
    assertTrue(a.wants(AlertEvent.fencing(t, "n1", "reboot", 0, "ok")));
    assertFalse(a.wants(AlertEvent.node(t, "n1", "1", false)));
    assertFalse(a.wants(AlertEvent.resource(t, "n1", "db", "start", 0, 0, 0, 0, 10, "ok")));
    assertTrue(a.wants(AlertEvent.attribute(t, "n1", "master-db", "10")));
    assertFalse(a.wants(AlertEvent.attribute(t, "n1", "pingd", "1")));
  }

  @Test
  void aBadTimeoutIsReportedAndTheDefaultTaken() throws Exception {
    Alert.Section s =
        section(
            """
            <alerts>
              <alert id="a" path="/bin/true">
                <meta_attributes id="m"><nvpair id="m-t" name="timeout" value="soon"/></meta_attributes>
              </alert>
              <alert id="nopath"/>
            </alerts>
            """);
    assertEquals(Alert.DEFAULT_TIMEOUT_MS, s.alerts().get(0).timeoutMs());
    assertEquals(2, s.problems().size(), s.problems().toString());
    assertTrue(s.problems().get(0).contains("'soon'"), s.problems().get(0));
    assertTrue(s.problems().get(1).contains("nopath"), s.problems().get(1));
  }

  @Test
  void theValidatorRefusesWhatTheAgentsCouldNotRunWith() throws Exception {
    Cib cib =
        CibXmlReader.read(
                """
                <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
                  <configuration><crm_config/><nodes/><resources/><constraints/>
                  <alerts>
                    <alert id="a" path="alert.sh">
                      <meta_attributes id="m"><nvpair id="m-t" name="timeout" value="soon"/></meta_attributes>
                      <recipient id="r"/>
                    </alert>
                    <alert id="b" path="/bin/true"/>
                  </alerts>
                  </configuration><status/></cib>
                """,
                "t.xml")
            .cib();
    List<String> errors =
        org.paceline.cib.CibValidator.validate(cib).stream()
            .filter(p -> p.severity() == org.paceline.cib.Problem.Severity.ERROR)
            .map(Object::toString)
            .toList();
    assertEquals(3, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("'alert.sh' is not absolute"), errors.get(0));
    assertTrue(errors.get(1).contains("'soon'"), errors.get(1));
    assertTrue(
        errors.get(2).contains("recipient") && errors.get(2).contains("no value"), errors.get(2));
  }

  @Test
  void timestampsFormatAsPacemakerWithFractionsOfASecond() {
    Instant at = Instant.parse("2026-12-07T21:05:09.123456789Z");
    assertEquals(
        "21:05:09.123456",
        AlertTimestamp.format(Alert.DEFAULT_TIMESTAMP_FORMAT, at, ZoneOffset.UTC));
    assertEquals(
        "2026-12-07 21:05:09.123 +0000 341",
        AlertTimestamp.format("%Y-%m-%d %T.%3N %z %j", at, ZoneOffset.UTC));
    assertEquals("123456789 100% %Q", AlertTimestamp.format("%N 100%% %Q", at, ZoneOffset.UTC));
  }
}
