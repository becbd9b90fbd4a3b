package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * The controller end to end in real processes: three daemons on loopback with real JGroups and
 * Raft, Debian's ocf:heartbeat:Dummy as the resource (its state file in each node's run dir tells
 * where it really runs).
 */
@Tag("process")
class ControllerProcessTest {
  private static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
  private ClusterHarness h;

  private static final Path FENCE_AGENTS =
      Path.of("../fencing/agents").toAbsolutePath().normalize();

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DUMMY), "resource-agents is not installed");
    h = ClusterHarness.threeVoters();
    h.extraConfig("fence_agent_dir: " + FENCE_AGENTS);
    h.startAll();
    h.awaitFormed(List.of("a", "b", "c"));
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /** The test CIB; with fencing, a simulated power switch (fence_paceline_demo) per node. */
  String cib(boolean stonith) {
    String fence =
        !stonith
            ? ""
            : """
              <primitive id="power" class="stonith" type="fence_paceline_demo">
                <instance_attributes id="power-params">
                  <nvpair id="power-root" name="demo_root" value="%s"/>
                  <nvpair id="power-hosts" name="pcmk_host_list" value="a b c"/>
                </instance_attributes>
              </primitive>
            """
                .formatted(h.dir());
    return base(stonith).replace("<resources>", "<resources>" + fence);
  }

  static String base(boolean stonith) {
    return """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config>
              <cluster_property_set id="cib-bootstrap-options">
                <nvpair id="o-stonith" name="stonith-enabled" value="%s"/>
              </cluster_property_set>
            </crm_config>
            <nodes>
              <node id="1" uname="a"/>
              <node id="2" uname="b"/>
              <node id="3" uname="c"/>
            </nodes>
            <resources>
              <primitive id="vip" class="ocf" provider="heartbeat" type="Dummy">
                <meta_attributes id="vip-meta">
                  <nvpair id="vip-stick" name="resource-stickiness" value="100"/>
                </meta_attributes>
                <operations>
                  <op id="vip-mon" name="monitor" interval="1s" timeout="10s"/>
                </operations>
              </primitive>
            </resources>
            <constraints/>
          </configuration>
          <status/>
        </cib>
        """
        .formatted(stonith);
  }

  private void load(String xml) throws Exception {
    h.load("a", xml);
  }

  /** The nodes whose run dir holds the Dummy's state file for {@code rsc}. */
  private List<String> runningOn(String rsc) {
    List<String> out = new ArrayList<>();
    for (String n : List.of("a", "b", "c")) {
      if (Files.exists(h.runDir(n).resolve("Dummy-" + rsc + ".state"))) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void aKilledNodeIsFencedBeforeItsResourceStartsOnASurvivorAndStandbyEmptiesANode()
      throws Exception {
    load(cib(true));
    h.await("vip running on exactly one node", () -> runningOn("vip").size() == 1);
    String victim = runningOn("vip").get(0);
    long t0 = System.nanoTime();
    // kill -9 of the daemon only: the resource (its state file) stays, as a real crash leaves
    // a VIP up. Only fencing (the power switch wipes the node's run dir) may end it.
    h.kill(victim);
    boolean[] doubleActive = {false};
    h.await(
        "vip running on a survivor after " + victim + " was fenced",
        () -> {
          List<String> on = runningOn("vip");
          if (on.size() > 1) {
            doubleActive[0] = true;
          }
          return on.size() == 1 && !on.contains(victim);
        });
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertFalse(doubleActive[0], "vip was active on two nodes at once");
    assertFalse(Files.exists(h.runDir(victim)), victim + " was not fenced (run dir still there)");
    System.out.println(
        "controller: " + victim + " fenced and vip on a survivor " + ms + " ms after kill -9");
    String survivor = runningOn("vip").get(0);
    String answer = h.call(survivor, "node-attr " + survivor + " standby on");
    assertTrue(answer.startsWith(AdminProtocol.OK), answer);
    List<String> others = new ArrayList<>(List.of("a", "b", "c"));
    others.remove(victim);
    others.remove(survivor);
    h.await("standby moves vip off " + survivor, () -> runningOn("vip").equals(others));
  }

  @Test
  void aNodeCutOffWithoutAMajorityStopsItsResourceItselfAndRejoins() throws Exception {
    load(cib(false));
    h.await("vip running on exactly one node", () -> runningOn("vip").size() == 1);
    String holder = runningOn("vip").get(0);
    List<String> others = new ArrayList<>(List.of("a", "b", "c"));
    others.remove(holder);
    long t0 = System.nanoTime();
    // The other two daemons freeze: the holder's view loses them (failure detection) and keeps
    // no majority of voters. Nobody can fence or reach it; it must apply no-quorum-policy=stop.
    for (String n : others) {
      h.stop(n);
    }
    try {
      h.await(
          "vip stopped on " + holder + ", cut off without a majority",
          java.time.Duration.ofSeconds(30),
          () -> runningOn("vip").isEmpty());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("controller: " + holder + " stopped vip " + ms + " ms after the cut");
      String log = Files.readString(h.dir().resolve(holder + ".log"));
      assertTrue(log.contains("no majority of voters in view"), log);
    } finally {
      for (String n : others) {
        h.resume(n);
      }
    }
    h.await("vip running again after the heal", () -> runningOn("vip").size() == 1);
  }

  @Test
  void aDaemonKilledAndRestartedAtOnceRejoins() throws Exception {
    // The members may still hold the old incarnation when the new one asks to join (JGroups:
    // "join ... rejected as it would create a view with duplicate members"): it must retry, not
    // exit.
    h.kill("c");
    h.start("c");
    h.awaitFormed(List.of("a", "b", "c"));
    assertTrue(h.isRunning("c"), h.saveLogs() + h.logs());
  }

  @Test
  void aStoppingNodeHandsItsResourceOverFirstAndTheDcKeepsReplayableInputs() throws Exception {
    load(cib(true));
    h.await("vip running on exactly one node", () -> runningOn("vip").size() == 1);
    String holder = runningOn("vip").get(0);
    // SIGTERM, as systemctl stop: the node asks the DC to move its resources, then leaves.
    h.terminate(holder);
    h.await(
        "vip moved off the stopping node " + holder,
        () -> runningOn("vip").size() == 1 && !runningOn("vip").contains(holder));
    h.await("the stopping node's daemon exited", () -> !h.isRunning(holder));
    if (!Files.exists(h.runDir(holder))) {
      throw new AssertionError(
          holder + " left cleanly and must not have been fenced\n" + h.saveLogs() + h.logs());
    }
    // If the stopping node was the DC, the survivors elect a new one after it left.
    String[] found = {null};
    h.await(
        "a DC among the survivors",
        () -> {
          for (String n : List.of("a", "b", "c")) {
            if (!n.equals(holder) && "true".equals(h.status(n).get("is_dc"))) {
              found[0] = n;
            }
          }
          return found[0] != null;
        });
    String dc = found[0];
    Path inputs = h.dir().resolve(dc + "-data").resolve("pe-inputs");
    // The daemon creates pe-inputs/ (0700) at start; wait for a file in it.
    h.await(
        "the DC saved a scheduler input in " + inputs,
        () -> {
          // Not CibFiles.writeAtomically's ".pe-input-N...tmp" while it is being written.
          try (var s = Files.list(inputs)) {
            return s.anyMatch(f -> !f.getFileName().toString().startsWith("."));
          } catch (java.io.IOException e) {
            return false;
          }
        });
    List<Path> saved;
    try (var s = Files.list(inputs)) {
      saved = s.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
    }
    assertFalse(saved.isEmpty(), "the DC saved its scheduler inputs in " + inputs);
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine crm = org.paceline.shell.CrmCommand.commandLine();
    crm.setOut(new java.io.PrintWriter(out, true));
    int rc = crm.execute("simulate", "-x", saved.get(saved.size() - 1).toString());
    assertEquals(0, rc, out.toString());
    assertTrue(out.toString().contains("Transition Summary:"), out.toString());
  }

  @Test
  void aMigratableResourceMigratesLiveWhenItsNodeGoesToStandby() throws Exception {
    load(
        cib(true)
            .replace(
                "<nvpair id=\"vip-stick\" name=\"resource-stickiness\" value=\"100\"/>",
                "<nvpair id=\"vip-stick\" name=\"resource-stickiness\" value=\"100\"/>"
                    + "<nvpair id=\"vip-migrate\" name=\"allow-migrate\" value=\"true\"/>"));
    h.await("vip running on exactly one node", () -> runningOn("vip").size() == 1);
    String from = runningOn("vip").get(0);
    String dc = null;
    for (String n : List.of("a", "b", "c")) {
      if ("true".equals(h.status(n).get("is_dc"))) {
        dc = n;
      }
    }
    assertTrue(dc != null, "a DC");
    String answer = h.call(from, "node-attr " + from + " standby on");
    assertTrue(answer.startsWith(AdminProtocol.OK), answer);
    h.await(
        "vip migrated off " + from,
        () -> runningOn("vip").size() == 1 && !runningOn("vip").contains(from));
    // The DC's log names the migration (migrate_to on the source, migrate_from on the target),
    // not a stop and a start.
    String log = Files.readString(h.dir().resolve(dc + ".log"));
    assertTrue(log.contains("Migrate vip"), log);
  }

  @Test
  void startsOnceThenMovesWhenItsNodeDiesAndRecoversAFailedMonitor() throws Exception {
    load(cib(false));
    h.await("vip running on exactly one node", () -> runningOn("vip").size() == 1);
    String first = runningOn("vip").get(0);
    // A failing monitor: the resource vanishes behind the cluster's back; it is recovered.
    Files.delete(h.runDir(first).resolve("Dummy-vip.state"));
    h.await("vip recovered after its monitor failed", () -> runningOn("vip").size() == 1);
    String where = runningOn("vip").get(0);
    h.kill(where);
    long t0 = System.nanoTime();
    // Without fencing (stonith-enabled=false) the dead node's copy is taken as stopped.
    h.await(
        "vip running on a survivor",
        () -> runningOn("vip").stream().anyMatch(n -> !n.equals(where)));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("controller: vip on a survivor " + ms + " ms after kill -9 of " + where);
    List<String> now = runningOn("vip");
    now.remove(where);
    assertEquals(1, now.size(), now::toString);
  }
}
