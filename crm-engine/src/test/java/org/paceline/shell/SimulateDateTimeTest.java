package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crm simulate} judges date rules when crm_simulate does: at {@code -t/--set-datetime}, else
 * at the CIB's execution-date, else now (not at the epoch).
 */
@Tag("unit")
class SimulateDateTimeTest {
  private static final String CIB =
      """
      <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7" have-quorum="1"%s>
        <configuration>
          <crm_config><cluster_property_set id="c"><nvpair id="o" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
          <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
          <resources><primitive id="r" class="ocf" provider="pacemaker" type="Dummy"/></resources>
          <constraints>
            <rsc_location id="l" rsc="r">
              <rule id="until-2020" score="100" boolean-op="and">
                <expression id="e" attribute="#uname" operation="eq" value="node2"/>
                <date_expression id="d" operation="lt" end="2020-01-01"/>
              </rule>
            </rsc_location>
          </constraints>
        </configuration>
        <status>
          <node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"/>
          <node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"/>
        </status>
      </cib>
      """;

  private static String startsOn(Path cib, String... extra) {
    String[] args = new String[3 + extra.length];
    args[0] = "simulate";
    args[1] = "-x";
    args[2] = cib.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    CrmRun r = CrmRun.of(args);
    assertEquals(0, r.exitCode(), r.err());
    var m = java.util.regex.Pattern.compile("Start\\s+r\\s+\\( (\\S+) \\)").matcher(r.out());
    assertTrue(m.find(), r.out());
    return m.group(1);
  }

  @Test
  void datesAreJudgedAtTheGivenTimeTheExecutionDateOrNow(@TempDir Path dir) throws Exception {
    Path noDate = dir.resolve("now.xml");
    Files.writeString(noDate, CIB.formatted(""));
    assertEquals("node1", startsOn(noDate), "the rule ended in 2020; it is later now");
    assertEquals("node2", startsOn(noDate, "-t", "2019-06-01T12:00:00Z"));
    Path dated = dir.resolve("dated.xml");
    Files.writeString(dated, CIB.formatted(" execution-date=\"1546300800\""));
    assertEquals("node2", startsOn(dated), "execution-date 2019-01-01");
    assertEquals("node1", startsOn(dated, "--set-datetime", "2021-01-01"));
  }

  @Test
  void aTimeThatIsNotOneIsAUsageError(@TempDir Path dir) throws Exception {
    Path cib = dir.resolve("c.xml");
    Files.writeString(cib, CIB.formatted(""));
    CrmRun r = CrmRun.of("simulate", "-x", cib.toString(), "-t", "yesterday");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("-t yesterday: not an ISO 8601 date-time"), r.err());
  }
}
