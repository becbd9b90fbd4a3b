package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paceline's crm_resource against Pacemaker's own (Debian's pacemaker-cli-utils, where installed)
 * on the same CIB file ({@code CIB_file}): parameter and meta-attribute queries (PAF's {@code
 * --meta --get-parameter notify}), --locate, and ban/clear give the same output, standard error and
 * exit code, and leave the same constraints.
 */
@Tag("unit")
class CrmResourceCommandTest {
  private static final Path PACEMAKER = Path.of("/usr/sbin/crm_resource");

  private static final String CIB =
      """
      <cib admin_epoch="0" epoch="3" num_updates="0" validate-with="pacemaker-3.7" crm_feature_set="3.16.1" have-quorum="1" dc-uuid="1">
        <configuration>
          <crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
          <nodes><node id="1" uname="hub1"/><node id="2" uname="hub2"/></nodes>
          <resources>
            <clone id="pgsqld-clone">
              <meta_attributes id="m"><nvpair id="m1" name="promotable" value="true"/><nvpair id="m2" name="notify" value="true"/></meta_attributes>
              <primitive id="pgsqld" class="ocf" provider="pacemaker" type="Stateful">
                <instance_attributes id="p"><nvpair id="p1" name="bindir" value="/usr/bin"/></instance_attributes>
                <meta_attributes id="pm"><nvpair id="pm1" name="target-role" value="Started"/></meta_attributes>
              </primitive>
            </clone>
            <primitive id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
              <instance_attributes id="ipp"><nvpair id="ipp1" name="ip" value="10.0.0.1"/></instance_attributes>
            </primitive>
          </resources>
          <constraints/>
        </configuration>
        <status>
          <node_state id="1" uname="hub1" in_ccm="true" crmd="online" join="member" expected="member">
            <lrm id="1"><lrm_resources>
              <lrm_resource id="pgsqld" class="ocf" provider="pacemaker" type="Stateful">
                <lrm_rsc_op id="pgsqld_last_0" operation_key="pgsqld_promote_0" operation="promote" crm-debug-origin="x" crm_feature_set="3.16.1" transition-key="1:1:0:aaaa" transition-magic="0:0;1:1:0:aaaa" call-id="5" rc-code="0" op-status="0" interval="0" exec-time="1" queue-time="0" on_node="hub1"/>
              </lrm_resource>
              <lrm_resource id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
                <lrm_rsc_op id="ip_last_0" operation_key="ip_start_0" operation="start" crm-debug-origin="x" crm_feature_set="3.16.1" transition-key="2:1:0:aaaa" transition-magic="0:0;2:1:0:aaaa" call-id="6" rc-code="0" op-status="0" interval="0" exec-time="1" queue-time="0" on_node="hub1"/>
              </lrm_resource>
            </lrm_resources></lrm>
          </node_state>
          <node_state id="2" uname="hub2" in_ccm="true" crmd="online" join="member" expected="member">
            <lrm id="2"><lrm_resources>
              <lrm_resource id="pgsqld" class="ocf" provider="pacemaker" type="Stateful">
                <lrm_rsc_op id="pgsqld_last_0" operation_key="pgsqld_start_0" operation="start" crm-debug-origin="x" crm_feature_set="3.16.1" transition-key="3:1:0:aaaa" transition-magic="0:0;3:1:0:aaaa" call-id="5" rc-code="0" op-status="0" interval="0" exec-time="1" queue-time="0" on_node="hub2"/>
              </lrm_resource>
            </lrm_resources></lrm>
          </node_state>
        </status>
      </cib>
      """;

  @TempDir Path dir;

  record Result(int rc, String out, String err) {}

  private static Result ours(Path cib, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        CrmResourceCommand.run(
            args, Map.of("CIB_file", cib.toString()), new PrintWriter(out), new PrintWriter(err));
    return new Result(rc, out.toString(), err.toString());
  }

  private static Result pacemaker(Path cib, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(PACEMAKER.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("CIB_file", cib.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out, err);
  }

  /** The rsc_location constraints of a CIB file, each as its sorted attributes. */
  private static List<String> locations(Path cib) throws Exception {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("<rsc_location([^>]*)/>").matcher(Files.readString(cib));
    while (m.find()) {
      String[] attrs = m.group(1).trim().split("\\s+");
      Arrays.sort(attrs);
      found.add(String.join(" ", attrs));
    }
    return found;
  }

  @Test
  void queriesLocateBanAndClearAnswerAsPacemakersOwn() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PACEMAKER), "pacemaker-cli-utils is not installed");
    List<String[]> steps =
        List.of(
            new String[] {"-r", "pgsqld", "--meta", "--get-parameter", "notify"},
            new String[] {"-r", "pgsqld:0", "--meta", "-g", "notify"},
            new String[] {"-r", "pgsqld", "--meta", "-g", "target-role"},
            new String[] {"-r", "pgsqld", "-g", "bindir"},
            new String[] {"-r", "pgsqld", "-g", "nosuch"},
            new String[] {"-r", "pgsqld", "--meta", "-g", "nosuch"},
            new String[] {"-r", "ip", "--meta", "-g", "is-managed"},
            new String[] {"-r", "nosuch", "-g", "x"},
            new String[] {"-r", "pgsqld", "-W"},
            new String[] {"-r", "pgsqld", "-W", "-Q"},
            new String[] {"-r", "pgsqld-clone", "--locate"},
            new String[] {"-r", "ip", "-W"},
            new String[] {"-r", "ip", "--locate", "--quiet"},
            new String[] {"-r", "ip", "-B", "-N", "hub2"},
            new String[] {"-r", "ip", "-B"},
            new String[] {"-r", "pgsqld-clone", "-B", "-N", "hub1", "--promoted"},
            new String[] {"-r", "ip", "-U", "-N", "hub2"},
            new String[] {"-r", "ip", "-U"},
            new String[] {"-r", "pgsqld-clone", "--clear"});
    Path theirs = dir.resolve("theirs.xml");
    Path mine = dir.resolve("mine.xml");
    Files.writeString(theirs, CIB);
    Files.writeString(mine, CIB);
    for (String[] step : steps) {
      String what = "crm_resource " + String.join(" ", step);
      Result p = pacemaker(theirs, step);
      Result o = ours(mine, step);
      assertEquals(p.rc(), o.rc(), what + ": exit code; Pacemaker said " + p + ", we " + o);
      assertEquals(p.out(), o.out(), what + ": output");
      assertEquals(p.err(), o.err(), what + ": standard error");
      assertEquals(locations(theirs), locations(mine), what + ": constraints");
    }
  }

  @Test
  void withoutADaemonItSaysSoAndExits102() {
    StringWriter err = new StringWriter();
    int rc =
        CrmResourceCommand.run(
            new String[] {"-r", "db", "--meta", "-g", "notify"},
            Map.of("PACELINE_ADMIN_SOCKET", dir.resolve("none.sock").toString()),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertEquals(CrmAttributeCommand.EX_DISCONNECT, rc, err.toString());
    assertTrue(err.toString().contains("Could not connect"), err.toString());
  }

  @Test
  void withoutAResourceOrWithTwoOperationsItIsUsage64() {
    StringWriter err = new StringWriter();
    Map<String, String> env = Map.of("CIB_file", dir.resolve("none.xml").toString());
    assertEquals(
        CrmAttributeCommand.EX_USAGE,
        CrmResourceCommand.run(
            new String[] {"-W"}, env, new PrintWriter(new StringWriter()), new PrintWriter(err)));
    assertEquals(
        CrmAttributeCommand.EX_USAGE,
        CrmResourceCommand.run(
            new String[] {"-r", "x", "-W", "-U"},
            env,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err)));
  }
}
