package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The fencing commands end to end, in-process, with real fence agent processes: small {@code
 * fence_*} shell scripts speaking the stdin protocol (the IPMI and serial devices are tested
 * against their simulators in the fencing module).
 */
@Tag("unit")
class FencingCommandsTest {
  static final String PASSWORD = "Agent-pw-55q";
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run crm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CrmCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A fence agent that logs its argv and stdin, succeeds unless {@code fail} is 1. */
  void agent(String name, boolean fail) throws Exception {
    Path script = dir.resolve("agents").resolve(name);
    Files.createDirectories(script.getParent());
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "echo \"$0 $*\" >> '" + dir.resolve("argv.log") + "'",
            "action=",
            "while IFS='=' read -r k v; do",
            "  echo \"$k=$v\" >> '" + dir.resolve(name + ".stdin") + "'",
            "  [ \"$k\" = action ] && action=$v",
            "done",
            "[ " + (fail ? 1 : 0) + " = 1 ] && { echo 'Failed: unable to connect' >&2; exit 1; }",
            "[ \"$action\" = status ] && exit 2",
            "exit 0",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
  }

  Path cib() throws Exception {
    Path f = dir.resolve("cib.xml");
    Files.writeString(
        f,
        """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config/>
            <nodes/>
            <resources>
              <primitive id="broken" class="stonith" type="fence_broken">
                <instance_attributes id="b-ia">
                  <nvpair id="b1" name="ip" value="10.0.0.9"/>
                  <nvpair id="b2" name="password" value="%s"/>
                  <nvpair id="b3" name="pcmk_reboot_retries" value="0"/>
                </instance_attributes>
              </primitive>
              <primitive id="psu" class="stonith" type="fence_good">
                <instance_attributes id="g-ia">
                  <nvpair id="g1" name="ip" value="10.0.0.8"/>
                  <nvpair id="g2" name="password" value="%s"/>
                  <nvpair id="g3" name="pcmk_host_map" value="node1:4;node2:5"/>
                </instance_attributes>
              </primitive>
            </resources>
            <constraints/>
            <fencing-topology>
              <fencing-level id="l1" target="node1" index="1" devices="broken"/>
              <fencing-level id="l2" target="node1" index="2" devices="psu"/>
            </fencing-topology>
          </configuration>
          <status/>
        </cib>
        """
            .formatted(PASSWORD, PASSWORD));
    return f;
  }

  @Test
  void fenceEscalatesRecordsHistoryAndKeepsThePasswordOutOfArgvAndOutput() throws Exception {
    agent("fence_broken", true);
    agent("fence_good", false);
    String[] common = {
      "--state-dir", dir.resolve("var").toString(), "--agent-dir", dir.resolve("agents").toString()
    };
    Run fence =
        crm(concat(new String[] {"node", "fence", "node1", "-x", cib().toString()}, common));
    assertEquals(0, fence.exit(), fence.out() + fence.err());
    assertTrue(fence.out().contains("node1 fenced (reboot) by level 2 [psu]"), fence.out());
    assertTrue(fence.out().contains("Failed: unable to connect"), fence.out());
    assertTrue(Files.readString(dir.resolve("fence_good.stdin")).contains("plug=4"));
    assertTrue(Files.readString(dir.resolve("fence_good.stdin")).contains("password=" + PASSWORD));
    assertFalse(Files.readString(dir.resolve("argv.log")).contains(PASSWORD));
    assertFalse(fence.out().contains(PASSWORD) || fence.err().contains(PASSWORD));

    Run test = crm(concat(new String[] {"fencing", "test", "psu", "-x", cib().toString()}, common));
    assertEquals(0, test.exit(), test.out() + test.err());
    assertTrue(test.out().contains("psu node1 (plug 4): OK"), test.out());

    Run broken =
        crm(concat(new String[] {"fencing", "test", "broken", "-x", cib().toString()}, common));
    assertEquals(ExitCodes.UNAVAILABLE, broken.exit(), broken.out());

    Run refused = crm(concat(new String[] {"fencing", "confirm", "node2"}, common));
    assertEquals(ExitCodes.INVALID_INPUT, refused.exit());
    Run confirm = crm(concat(new String[] {"fencing", "confirm", "node2", "--force"}, common));
    assertEquals(0, confirm.exit(), confirm.err());

    Run history = crm(concat(new String[] {"fencing", "history"}, common));
    assertEquals(0, history.exit());
    String[] lines = history.out().strip().split("\n");
    // The reboot is off, then on: the command waits for the power-on before it exits.
    assertEquals(4, lines.length, history.out());
    assertTrue(lines[0].contains("off FAILED target=node1 device=broken level=1"), lines[0]);
    assertTrue(lines[1].contains("off SUCCEEDED target=node1 device=psu level=2"), lines[1]);
    assertTrue(lines[2].contains("on SUCCEEDED target=node1 device=psu level=2"), lines[2]);
    assertTrue(lines[3].contains("CONFIRMED_BY_OPERATOR target=node2"), lines[3]);
    assertFalse(history.out().contains(PASSWORD));
  }

  @Test
  void unknownDeviceAndBadCibAreClearErrors() throws Exception {
    Run r = crm("fencing", "test", "nope", "-x", cib().toString(), "--state-dir", dir.toString());
    assertEquals(ExitCodes.INVALID_INPUT, r.exit());
    assertTrue(r.err().contains("no stonith resource nope"), r.err());
    Files.writeString(dir.resolve("bad.xml"), "<cib>");
    Run bad =
        crm(
            "node",
            "fence",
            "node1",
            "-x",
            dir.resolve("bad.xml").toString(),
            "--state-dir",
            dir.toString());
    assertEquals(ExitCodes.INVALID_INPUT, bad.exit(), bad.err());
  }

  static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
