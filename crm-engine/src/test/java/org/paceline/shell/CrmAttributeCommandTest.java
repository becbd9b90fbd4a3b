package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paceline's crm_attribute and crm_master against Pacemaker's own (Debian's pacemaker-cli-utils,
 * where installed) on the same CIB file ({@code CIB_file}): the same queries, updates and deletes
 * give the same output and exit code.
 */
@Tag("unit")
class CrmAttributeCommandTest {
  private static final Path PACEMAKER = Path.of("/usr/sbin/crm_attribute");

  private static final String CIB =
      """
      <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7" \
      crm_feature_set="3.16.1">
        <configuration>
          <crm_config/>
          <nodes>
            <node id="1" uname="a">
              <instance_attributes id="a-ia">
                <nvpair id="a-x" name="x" value="7"/>
                <nvpair id="a-master-db" name="master-db" value="1001"/>
              </instance_attributes>
            </node>
            <node id="2" uname="b"/>
          </nodes>
          <resources/>
          <constraints/>
        </configuration>
        <status>
          <node_state id="1" uname="a" in_ccm="true" crmd="online" join="member" \
      expected="member">
            <transient_attributes id="1">
              <instance_attributes id="status-1">
                <nvpair id="status-1-master-db" name="master-db" value="10"/>
                <nvpair id="status-1-lsn" name="lsn_location-db" value="3#0/5000060"/>
              </instance_attributes>
            </transient_attributes>
          </node_state>
        </status>
      </cib>
      """;

  @TempDir Path dir;

  record Result(int rc, String out, String err) {}

  private Result ours(Path cib, Map<String, String> extraEnv, String tool, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("CIB_file", cib.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        tool.equals("crm_master")
            ? CrmMasterCommand.run(args, env, new PrintWriter(out), new PrintWriter(err))
            : CrmAttributeCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
    return new Result(rc, out.toString(), err.toString());
  }

  private Result pacemaker(Path cib, Map<String, String> extraEnv, String tool, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("/usr/sbin/" + tool);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(extraEnv);
    pb.environment().put("CIB_file", cib.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out, err);
  }

  @Test
  void queriesUpdatesAndDeletesAnswerAsPacemakersOwn() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PACEMAKER), "pacemaker-cli-utils is not installed");
    Map<String, String> agent = Map.of("OCF_RESOURCE_INSTANCE", "db");
    List<String[]> steps =
        List.of(
            new String[] {"crm_attribute", "-G", "-n", "x", "-N", "a", "-l", "forever"},
            new String[] {"crm_attribute", "-G", "-n", "x", "-N", "a", "-l", "forever", "-q"},
            new String[] {"crm_attribute", "--query", "--name", "x", "--node", "a"},
            new String[] {"crm_attribute", "-G", "-n", "master-db", "-N", "a", "-l", "reboot"},
            new String[] {
              "crm_attribute", "-G", "-n", "lsn_location-db", "-N", "a", "-t", "status"
            },
            new String[] {"crm_attribute", "-G", "-n", "nope", "-N", "a", "-l", "reboot", "-q"},
            new String[] {"crm_attribute", "-G", "-n", "nope", "-N", "b"},
            new String[] {"crm_attribute", "-G", "-n", "nope", "-N", "a", "-d", "5"},
            new String[] {"crm_attribute", "-G", "-n", "x", "-N", "zz", "-l", "forever"},
            new String[] {"crm_attribute", "--promotion", "-G", "-N", "a"},
            new String[] {"crm_attribute", "-p", "db", "-G", "-N", "a", "-q"},
            new String[] {"crm_attribute", "-v", "3", "-n", "y", "-N", "b", "-l", "forever"},
            new String[] {"crm_attribute", "-G", "-n", "y", "-N", "b", "-l", "forever"},
            new String[] {"crm_attribute", "-D", "-n", "y", "-N", "b", "-l", "forever"},
            new String[] {"crm_attribute", "-G", "-n", "y", "-N", "b", "-l", "forever"},
            new String[] {"crm_attribute", "-D", "-n", "never-was", "-N", "b", "-l", "forever"},
            new String[] {"crm_master", "-G", "-N", "a", "-q"},
            new String[] {"crm_master", "-l", "forever", "-q", "--get-value", "-N", "a"},
            new String[] {"crm_master", "-v", "1000", "-N", "b"},
            new String[] {"crm_master", "-G", "-N", "b"},
            new String[] {"crm_master", "-r", "web", "-G", "-N", "b"},
            new String[] {"crm_master", "-D", "-N", "b"},
            new String[] {"crm_master", "-G", "-N", "b", "-q"});
    Path theirs = dir.resolve("theirs.xml");
    Path mine = dir.resolve("mine.xml");
    Files.writeString(theirs, CIB);
    Files.writeString(mine, CIB);
    int compared = 0;
    for (String[] step : steps) {
      String tool = step[0];
      String[] args = java.util.Arrays.copyOfRange(step, 1, step.length);
      Result p = pacemaker(theirs, agent, tool, args);
      Result o = ours(mine, agent, tool, args);
      String what = String.join(" ", step);
      assertEquals(p.rc(), o.rc(), what + ": exit code; Pacemaker said " + p + ", we " + o);
      assertEquals(p.out(), o.out(), what + ": output; Pacemaker's stderr " + p.err());
      compared++;
    }
    assertEquals(steps.size(), compared);
  }

  @Test
  void withoutADaemonItSaysSoAndExits102() {
    Map<String, String> env = Map.of("PACELINE_ADMIN_SOCKET", dir.resolve("none.sock").toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        CrmAttributeCommand.run(
            new String[] {"--promotion", "db", "-v", "5"},
            env,
            new PrintWriter(out),
            new PrintWriter(err));
    assertEquals(CrmAttributeCommand.EX_DISCONNECT, rc, err.toString());
    assertTrue(err.toString().contains("Could not connect"), err.toString());
  }

  @Test
  void badUsageIsExit64() {
    StringWriter err = new StringWriter();
    int rc =
        CrmAttributeCommand.run(
            new String[] {"-G", "-D", "-n", "x"},
            Map.of(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertEquals(CrmAttributeCommand.EX_USAGE, rc);
    rc =
        CrmAttributeCommand.run(
            new String[] {"-G", "-n", "x", "-l", "sometimes"},
            Map.of(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertEquals(CrmAttributeCommand.EX_USAGE, rc, err.toString());
  }
}
