package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one reader of cluster options: declared defaults, Pacemaker's crm_is_true, durations with
 * their units (0 included), and a value that fails its check read as the default, as Pacemaker's
 * cluster_option_value does.
 */
@Tag("unit")
class ClusterOptionReaderTest {
  private static Configuration with(String... nameValues) throws Exception {
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < nameValues.length; i += 2) {
      pairs
          .append("<nvpair id=\"o")
          .append(i)
          .append("\" name=\"")
          .append(nameValues[i])
          .append("\" value=\"")
          .append(nameValues[i + 1])
          .append("\"/>");
    }
    String xml =
        "<cib validate-with=\"pacemaker-3.7\" epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\">"
            + "<configuration><crm_config><cluster_property_set id=\"opts\">"
            + pairs
            + "</cluster_property_set></crm_config><nodes/><resources/><constraints/>"
            + "</configuration><status/></cib>";
    return CibXmlReader.read(xml, "test").cib().configuration();
  }

  @Test
  void unsetOptionsReadTheirDeclaredDefaults() throws Exception {
    Configuration none = with();
    assertTrue(ClusterOption.STONITH_ENABLED.enabled(none));
    assertTrue(ClusterOption.SYMMETRIC_CLUSTER.enabled(none));
    assertTrue(ClusterOption.START_FAILURE_IS_FATAL.enabled(none));
    assertTrue(ClusterOption.STARTUP_FENCING.enabled(none));
    assertTrue(ClusterOption.STOP_ORPHAN_RESOURCES.enabled(none));
    assertFalse(ClusterOption.MAINTENANCE_MODE.enabled(none));
    assertFalse(ClusterOption.STOP_ALL_RESOURCES.enabled(none));
    assertEquals(15 * 60_000L, ClusterOption.CLUSTER_RECHECK_INTERVAL.durationMs(none));
    assertEquals(60_000L, ClusterOption.STONITH_TIMEOUT.durationMs(none));
    assertEquals(0, ClusterOption.BATCH_LIMIT.integer(none));
    assertEquals(-1, ClusterOption.MIGRATION_LIMIT.integer(none));
    assertEquals(-Score.INFINITY_VALUE, ClusterOption.NODE_HEALTH_RED.score(none));
    assertEquals(0, ClusterOption.NODE_HEALTH_GREEN.score(none));
    assertEquals("reboot", ClusterOption.STONITH_ACTION.word(none));
    assertEquals("default", ClusterOption.PLACEMENT_STRATEGY.word(none));
    assertEquals("none", ClusterOption.NODE_HEALTH_STRATEGY.word(none));
    assertEquals(NoQuorumPolicy.STOP, ClusterOption.noQuorumPolicy(none));
    assertNull(ClusterOption.CLUSTER_NAME.value(none));
    assertEquals(Optional.empty(), ClusterOption.STONITH_TIMEOUT.problem(none));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "on", "On", "yes", "YES", "y", "Y", "1", " true "})
  void crmIsTrueWords(String word) throws Exception {
    assertTrue(CibBooleans.isTrue(word));
    assertTrue(ClusterOption.MAINTENANCE_MODE.enabled(with("maintenance-mode", word)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "off", "no", "n", "0", "No", "OFF"})
  void falseWords(String word) throws Exception {
    assertFalse(CibBooleans.isTrue(word));
    // MetricsWriter once reported stonith_enabled 1 for "no" and "off".
    assertFalse(ClusterOption.STONITH_ENABLED.enabled(with("stonith-enabled", word)));
  }

  @Test
  void crmIsTrueIsFalseForEverythingElse() {
    assertFalse(CibBooleans.isTrue(null));
    assertFalse(CibBooleans.isTrue(""));
    assertFalse(CibBooleans.isTrue("2")); // no "any non-zero integer"
    assertFalse(CibBooleans.isTrue("01"));
    assertFalse(CibBooleans.isTrue("enabled"));
  }

  @Test
  void aValueThatFailsItsCheckReadsAsTheDefault() throws Exception {
    // Pacemaker: "Using default value for cluster option ... because '2' is invalid".
    assertFalse(ClusterOption.MAINTENANCE_MODE.enabled(with("maintenance-mode", "2")));
    assertTrue(ClusterOption.STONITH_ENABLED.enabled(with("stonith-enabled", "maybe")));
    Configuration badTime = with("cluster-recheck-interval", "soon");
    assertEquals(15 * 60_000L, ClusterOption.CLUSTER_RECHECK_INTERVAL.durationMs(badTime));
    assertEquals(
        Optional.of(
            "cluster property cluster-recheck-interval='soon': expected a time such as"
                + " 60s, 5min or PT1M"),
        ClusterOption.CLUSTER_RECHECK_INTERVAL.problem(badTime));
    assertEquals(
        NoQuorumPolicy.STOP, ClusterOption.noQuorumPolicy(with("no-quorum-policy", "panic")));
    assertEquals(0, ClusterOption.BATCH_LIMIT.integer(with("batch-limit", "many")));
  }

  @Test
  void durationsWithUnitsAndZero() throws Exception {
    ClusterOption recheck = ClusterOption.CLUSTER_RECHECK_INTERVAL;
    assertEquals(0, recheck.durationMs(with("cluster-recheck-interval", "0"))); // disabled
    assertEquals(30_000, recheck.durationMs(with("cluster-recheck-interval", "30"))); // seconds
    assertEquals(30_000, recheck.durationMs(with("cluster-recheck-interval", "30s")));
    assertEquals(500, recheck.durationMs(with("cluster-recheck-interval", "500ms")));
    assertEquals(120_000, recheck.durationMs(with("cluster-recheck-interval", "2min")));
    assertEquals(3_600_000, recheck.durationMs(with("cluster-recheck-interval", "1h")));
    assertEquals(90_000, recheck.durationMs(with("cluster-recheck-interval", "PT1M30S")));
  }

  @Test
  void choicesAndScores() throws Exception {
    assertEquals(
        NoQuorumPolicy.FREEZE, ClusterOption.noQuorumPolicy(with("no-quorum-policy", "Freeze")));
    assertEquals(
        NoQuorumPolicy.IGNORE, ClusterOption.noQuorumPolicy(with("no-quorum-policy", "ignore")));
    assertEquals(
        "utilization",
        ClusterOption.PLACEMENT_STRATEGY.word(with("placement-strategy", " Utilization ")));
    assertEquals(
        Score.INFINITY_VALUE,
        ClusterOption.NODE_HEALTH_GREEN.score(with("node-health-green", "INFINITY")));
    assertEquals(-50, ClusterOption.NODE_HEALTH_YELLOW.score(with("node-health-yellow", "-50")));
    assertEquals("hacluster", ClusterOption.CLUSTER_NAME.value(with("cluster-name", "hacluster")));
  }

  @Test
  void pacemaker3NamesReadTheSameOption() throws Exception {
    assertFalse(ClusterOption.STONITH_ENABLED.enabled(with("fencing-enabled", "false")));
    assertEquals(20_000, ClusterOption.STONITH_TIMEOUT.durationMs(with("fencing-timeout", "20s")));
  }
}
