package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crm ra list|info} and {@code crm resource run-action} run in-process against Debian's
 * installed agents: listing, meta-data display, a Dummy life cycle with OCF exit codes as the
 * command's exit code, parameter validation before running, and a missing agent (rc 5).
 */
@Tag("unit")
class RaCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run crm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = CrmCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void listsAndDescribesAgents() {
    Run list = crm("ra", "list");
    assertEquals(0, list.code());
    assertTrue(list.out().contains("ocf:heartbeat:IPaddr2\n"), list.out());
    assertTrue(
        list.out()
            .contains(
                "ocf:paceline:filesync\nocf:paceline:pgsql\nocf:paceline:policy-server\nocf:paceline:vip\n"),
        list.out());
    Run info = crm("ra", "info", "ocf:heartbeat:IPaddr2");
    assertEquals(0, info.code(), info.err());
    assertTrue(info.out().contains("  ip* (string)"), info.out());
    assertTrue(info.out().contains("  start         timeout=20s\n"), info.out());
  }

  @Test
  void runActionDrivesDummyAndReturnsOcfCodes(@TempDir Path tmp) {
    String state = "state=" + tmp.resolve("d.state");
    String agent = "ocf:heartbeat:Dummy";
    assertEquals(7, crm("resource", "run-action", agent, state, "monitor").code());
    assertEquals(0, crm("resource", "run-action", agent, state, "start").code());
    assertEquals(0, crm("resource", "run-action", agent, state, "monitor").code());
    assertEquals(0, crm("resource", "run-action", agent, state, "stop").code());
    assertTrue(Files.notExists(tmp.resolve("d.state")));
  }

  @Test
  void badParametersAreRefusedWithNames() {
    Run r = crm("resource", "run-action", "ocf:heartbeat:IPaddr2", "netmask=24", "start");
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("parameter 'netmask' is not a parameter of agent ocf:heartbeat:IPaddr2"),
        r.err());
    assertTrue(r.err().contains("required parameter 'ip'"), r.err());
  }

  @Test
  void missingAgentIsNotInstalled() {
    Run r = crm("resource", "run-action", "ocf:heartbeat:NoSuchAgent", "start");
    assertEquals(5, r.code());
    assertTrue(r.err().contains("ocf:heartbeat:NoSuchAgent is not installed"), r.err());
  }
}
