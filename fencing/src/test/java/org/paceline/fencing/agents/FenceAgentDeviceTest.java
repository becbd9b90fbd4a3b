package org.paceline.fencing.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.fencing.Await;
import org.paceline.fencing.DeviceResult;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.Secret;
import org.paceline.fencing.ipmi.StandInNode;

/** The fence-agents stdin protocol and exit codes, with agent scripts run as real processes. */
@Tag("unit")
class FenceAgentDeviceTest {
  @TempDir Path dir;

  private FenceAgentDevice agent(String body) throws Exception {
    Path script = dir.resolve("fence_test");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return new FenceAgentDevice(
        "t",
        new FenceAgentSettings(
            script.toString(), Map.of("ip", "10.1.1.1"), Secret.of("Pw-agent-1"), "port"));
  }

  @Test
  void exitCodesMapToResultsAndStdinCarriesTheProtocol() throws Exception {
    FenceAgentDevice d =
        agent(
            "cat > '"
                + dir.resolve("stdin")
                + "'\n"
                + "grep -q '^action=status' '"
                + dir.resolve("stdin")
                + "' && exit 2\n"
                + "grep -q '^action=on' '"
                + dir.resolve("stdin")
                + "' && { echo 'Failed: Pw-agent-1 refused' >&2; exit 1; }\n"
                + "exit 0");
    DeviceResult st = d.status("node7", 5_000);
    assertEquals(PowerState.OFF, ((DeviceResult.Ok) st).power(), st.message());
    assertEquals(
        "action=status\nip=10.1.1.1\npassword=Pw-agent-1\nport=node7\n",
        Files.readString(dir.resolve("stdin")));
    assertTrue(d.off("node7", 5_000).ok());
    DeviceResult on = d.on("node7", 5_000);
    assertInstanceOf(DeviceResult.Failed.class, on);
    // The agent echoed the password; the message must not.
    assertTrue(on.message().contains("Failed: **** refused"), on.message());
    assertFalse(on.message().contains("Pw-agent-1"));
  }

  @Test
  void aHungAgentIsKilledWithItsChildren() throws Exception {
    // The agent starts a child (as fence_ipmilan starts ipmitool) and hangs on it.
    FenceAgentDevice d = agent("sleep 300 & echo $! > '" + dir.resolve("child") + "'\nwait");
    long start = System.nanoTime();
    DeviceResult r = d.off("n", 800);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertInstanceOf(DeviceResult.TimedOut.class, r, r.message());
    assertTrue(tookMs < 3_000, "took " + tookMs);
    long child = Long.parseLong(Files.readString(dir.resolve("child")).trim());
    Await.until(
        Duration.ofSeconds(5),
        "agent child " + child + " killed",
        () -> !StandInNode.running(child));
  }

  /**
   * A grandchild that was double-forked away from the agent (re-parented to init, no longer its
   * descendant) dies at the timeout too: the runner kills the agent's whole process group.
   */
  @Test
  void aTimeoutKillsAReparentedGrandchild() throws Exception {
    Path gc = dir.resolve("grandchild");
    FenceAgentDevice d =
        agent(
            "( sleep 600 & echo $! > '"
                + gc
                + "' )\necho $$ > '"
                + dir.resolve("agent")
                + "'\nsleep 0.2\nawk '{print $4}' /proc/$(cat '"
                + gc
                + "')/stat > '"
                + dir.resolve("ppid")
                + "'\nwhile :; do sleep 1; done");
    DeviceResult r = d.off("n", 1_000);
    assertInstanceOf(DeviceResult.TimedOut.class, r, r.message());
    long pid = Long.parseLong(Files.readString(gc).trim());
    assertFalse(
        Files.readString(dir.resolve("agent"))
            .trim()
            .equals(Files.readString(dir.resolve("ppid")).trim()),
        "the grandchild was re-parented");
    Await.until(
        Duration.ofSeconds(5),
        "re-parented grandchild " + pid + " killed",
        () -> !StandInNode.running(pid));
  }

  @Test
  void metadataOfAMissingAgentIsAMessage() {
    MetadataLookup m = FenceAgentDevice.metadata(dir.resolve("fence_none").toString());
    assertTrue(m.metadata() == null && m.problem().contains("fence_none"), m.toString());
  }
}
