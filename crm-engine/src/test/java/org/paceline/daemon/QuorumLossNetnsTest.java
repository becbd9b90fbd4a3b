package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;
import org.paceline.replication.NetworkLab;

/**
 * Quorum loss on a real pulled cable: three daemons in three network namespaces, fencing enabled
 * but every power switch dead (its "off" fails, as a BMC without power), so nobody can fence the
 * node that is cut off (the DC, whose Raft role outlives the cut longest). That node must apply
 * {@code no-quorum-policy} itself: under {@code stop} its ocf:heartbeat:Dummy (the VIP of the test)
 * stops; under {@code suicide} it stops, then the node fences itself through the systemd watchdog.
 * What happens on the heal is NoQuorumPolicyTest's and ControllerProcessTest's.
 */
@Tag("root")
class QuorumLossNetnsTest {
  private static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
  private static final List<String> NODES = List.of("a", "b", "c");

  @Test
  void aNodeCutOffStopsItsResourceItselfWhenNobodyCanFenceIt() throws Exception {
    assumeTrue(NetworkLab.available(), "needs root and iproute2 (ip netns)");
    assumeTrue(Files.isExecutable(DUMMY), "resource-agents is not installed");
    Map<String, String> m = new LinkedHashMap<>();
    NODES.forEach(n -> m.put(n, "voter"));
    try (NetworkLab lab = new NetworkLab(NODES);
        ClusterHarness h = new ClusterHarness(m, lab.addresses(), lab.prefixes())) {
      Path agents = deadPowerSwitch(h.dir());
      h.extraConfig("fence_agent_dir: " + agents);
      h.startAll();
      String dc = h.awaitFormed(NODES);
      // The VIP on the DC: the node whose step-down takes longest (it keeps its Raft role ~2.5 s).
      h.load(dc, cib(dc));
      h.await("vip running on " + dc, () -> runningOn(h, "vip").equals(List.of(dc)));

      long t0 = System.nanoTime();
      lab.cut(dc);
      h.await(
          "vip stopped on " + dc + " after its cable was pulled",
          Duration.ofSeconds(30),
          () -> !runningOn(h, "vip").contains(dc));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("quorum loss: " + dc + " stopped vip " + ms + " ms after the cut");
      assertTrue(h.log(dc).contains("no majority of voters in view"), h.log(dc));
    }
  }

  @Test
  void underSuicideANodeCutOffStopsItsResourceThenFencesItselfThroughTheWatchdog()
      throws Exception {
    assumeTrue(NetworkLab.available(), "needs root and iproute2 (ip netns)");
    assumeTrue(Files.isExecutable(DUMMY), "resource-agents is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    Map<String, String> m = new LinkedHashMap<>();
    NODES.forEach(n -> m.put(n, "voter"));
    List<Process> receivers = new ArrayList<>();
    try (NetworkLab lab = new NetworkLab(NODES);
        ClusterHarness h = new ClusterHarness(m, lab.addresses(), lab.prefixes())) {
      h.extraConfig("fence_agent_dir: " + deadPowerSwitch(h.dir()));
      for (String n : NODES) {
        // socat stands in for systemd's notify socket (a path: reachable from any namespace).
        Path sock = h.dir().resolve(n + "-notify.sock");
        Process r =
            new ProcessBuilder(
                    "socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + notified(h, n) + ",creat,append")
                .redirectErrorStream(true)
                .start();
        receivers.add(r);
        h.await("socat listens on " + sock, () -> Files.exists(sock));
        h.environment(n, Map.of("NOTIFY_SOCKET", sock.toString(), "WATCHDOG_USEC", "2000000"));
      }
      h.startAll();
      String dc = h.awaitFormed(NODES);
      h.load(dc, cib(dc).replace("value=\"stop\"", "value=\"suicide\""));
      h.await("vip running on " + dc, () -> runningOn(h, "vip").equals(List.of(dc)));
      h.await("watchdog pings from " + dc, () -> read(notified(h, dc)).contains("WATCHDOG=1"));

      long t0 = System.nanoTime();
      lab.cut(dc);
      h.await(
          dc + " fenced itself through the watchdog",
          Duration.ofSeconds(30),
          () -> read(notified(h, dc)).contains("WATCHDOG=trigger"));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println(
          "quorum loss, suicide: " + dc + " triggered its watchdog " + ms + " ms after the cut");
      // Its resources went first: what systemd does on the trigger may only restart the daemon.
      assertFalse(runningOn(h, "vip").contains(dc), h.log(dc));
      assertTrue(
          h.log(dc).contains("fencing this node itself through the systemd watchdog"), h.log(dc));
    } finally {
      receivers.forEach(Process::destroy);
    }
  }

  private static Path notified(ClusterHarness h, String node) {
    return h.dir().resolve(node + "-notified");
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * A fence agent whose device never answers an off/reboot (a dead BMC); the rest is the demo's.
   */
  private static Path deadPowerSwitch(Path dir) throws Exception {
    Path agents = dir.resolve("agents");
    Files.createDirectories(agents);
    Path demo = Path.of("../fencing/agents/fence_paceline_demo").toAbsolutePath().normalize();
    Path dead = agents.resolve("fence_paceline_demo");
    Files.writeString(
        dead,
        """
        #!/bin/sh
        # A dead BMC: off and reboot fail; metadata, monitor and the rest are the demo agent's.
        input=$(cat 2>/dev/null)
        case "$*$input" in
          *reboot*|*off*) echo "BMC does not answer" >&2; exit 1 ;;
        esac
        if [ $# -gt 0 ]; then exec %s "$@"; fi
        printf '%%s\\n' "$input" | exec %s
        """
            .formatted(demo, demo));
    Files.setPosixFilePermissions(dead, PosixFilePermissions.fromString("rwxr-xr-x"));
    return agents;
  }

  private static String cib(String holder) {
    return """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config>
              <cluster_property_set id="cib-bootstrap-options">
                <nvpair id="o-stonith" name="stonith-enabled" value="true"/>
                <nvpair id="o-nqp" name="no-quorum-policy" value="stop"/>
              </cluster_property_set>
            </crm_config>
            <nodes>
              <node id="1" uname="a"/>
              <node id="2" uname="b"/>
              <node id="3" uname="c"/>
            </nodes>
            <resources>
              <primitive id="power" class="stonith" type="fence_paceline_demo">
                <instance_attributes id="power-params">
                  <nvpair id="power-hosts" name="pcmk_host_list" value="a b c"/>
                </instance_attributes>
              </primitive>
              <primitive id="vip" class="ocf" provider="heartbeat" type="Dummy">
                <meta_attributes id="vip-meta">
                  <nvpair id="vip-stick" name="resource-stickiness" value="100"/>
                </meta_attributes>
                <operations>
                  <op id="vip-mon" name="monitor" interval="1s" timeout="10s"/>
                </operations>
              </primitive>
            </resources>
            <constraints>
              <rsc_location id="vip-on" rsc="vip" node="%s" score="1000"/>
            </constraints>
          </configuration>
          <status/>
        </cib>
        """
        .formatted(holder);
  }

  private static List<String> runningOn(ClusterHarness h, String rsc) {
    List<String> out = new ArrayList<>();
    for (String n : NODES) {
      if (Files.exists(h.runDir(n).resolve("Dummy-" + rsc + ".state"))) {
        out.add(n);
      }
    }
    return out;
  }
}
