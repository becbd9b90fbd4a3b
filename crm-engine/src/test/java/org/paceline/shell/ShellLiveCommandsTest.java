package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.paceline.daemon.AdminProtocol;
import org.paceline.replication.ClusterHarness;

/**
 * Every crm configure, resource and node command against one running cluster of three real daemons
 * (Debian's ocf:heartbeat:Dummy and ocf:pacemaker:Stateful; a Dummy's state file in a node's run
 * dir tells where it runs). Commands run on a node that is not the DC, so the dry runs and the
 * status reads use the status the DC pushes. Each bad command (bad syntax, unknown ids) must exit
 * non-zero with a clear error and leave the configuration's version unchanged.
 */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellLiveCommandsTest {
  private static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
  private static final Path STATEFUL = Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful");
  private static final List<String> NODES = List.of("a", "b", "c");
  private static final Path FENCE_AGENTS =
      Path.of("../fencing/agents").toAbsolutePath().normalize();
  private ClusterHarness h;
  private String follower;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(DUMMY) && Files.isExecutable(STATEFUL),
        "resource-agents / pacemaker-resource-agents are not installed");
    h = ClusterHarness.threeVoters();
    h.extraConfig("fence_agent_dir: " + FENCE_AGENTS);
    h.startAll();
    h.awaitFormed(NODES);
    String answer =
        h.call(
            "a",
            "load "
                + Base64.getEncoder()
                    .encodeToString(ShellClusterTest.EMPTY.getBytes(StandardCharsets.UTF_8)));
    assertTrue(answer.startsWith(AdminProtocol.OK), answer);
    String dc = dc();
    follower = NODES.stream().filter(n -> !n.equals(dc)).findFirst().orElseThrow();
    // The follower's dry runs use the status the DC pushes: wait until that status has every node
    // online (an earlier push, from before the DC had the reports, shows none).
    h.await(
        "crm status on " + follower + " shows every node online",
        () -> {
          CrmRun r = on(follower, "status");
          return r.exitCode() == 0 && r.out().contains("Online: [ a b c ]");
        });
    // And a dry run there can place a resource: one clean CI run showed the nodes online while a
    // dry run still planned nothing (a push from before the DC had its quorum and reports). A dry
    // run commits nothing, so waiting on it changes no state the tests look at.
    h.await(
        "a dry run on " + follower + " plans a start",
        () -> {
          CrmRun r = on(follower, "configure", "primitive", "probe0", "ocf:heartbeat:Dummy");
          return r.exitCode() == 0 && r.out().contains("Start      probe0");
        });
  }

  @AfterAll
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private String dc() {
    return NODES.stream()
        .filter(n -> "true".equals(h.status(n).get("is_dc")))
        .findFirst()
        .orElseThrow();
  }

  /** crm ARGS against {@code node}'s daemon. */
  private CrmRun on(String node, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(h.configFile(node).toString());
    return CrmRun.of(all.toArray(new String[0]));
  }

  /** crm ARGS on the follower, expected to succeed. */
  private CrmRun ok(String... args) {
    CrmRun r = on(follower, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err() + h.logs());
    return r;
  }

  /** crm configure WORDS --yes on the follower. */
  private CrmRun commit(String... words) {
    List<String> all = new ArrayList<>(List.of("configure"));
    all.addAll(List.of(words));
    all.add("--yes");
    CrmRun r = ok(all.toArray(new String[0]));
    assertTrue(r.out().contains("committed version="), r.out());
    return r;
  }

  /** The configuration as the DC has it (every commit is on the DC when acknowledged). */
  private String config() {
    try {
      return h.call(dc(), "config");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * crm ARGS on the follower must fail with an error containing {@code expected} and change
   * nothing.
   */
  private void refused(String expected, String... args) {
    String before = config();
    CrmRun r = on(follower, args);
    String what = String.join(" ", args) + "\n" + r.out() + r.err();
    assertNotEquals(0, r.exitCode(), what);
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + what);
    assertFalse(r.out().contains("committed version="), what);
    assertEquals(before, config(), "the configuration changed after: " + what);
  }

  private List<String> nodesRunning(String stateFilePrefix) {
    List<String> out = new ArrayList<>();
    for (String n : NODES) {
      try (Stream<Path> files = Files.list(h.runDir(n))) {
        if (files.anyMatch(
            f -> {
              String name = f.getFileName().toString();
              return name.startsWith("Dummy-" + stateFilePrefix) && name.endsWith(".state");
            })) {
          out.add(n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private boolean statusSays(String node, String... parts) {
    CrmRun r = on(node, "status");
    if (r.exitCode() != 0) {
      return false;
    }
    for (String p : parts) {
      if (!r.out().contains(p)) {
        return false;
      }
    }
    return true;
  }

  @Test
  @Order(1)
  void everyConfigureCommandOnAFollower() throws Exception {
    // The dry run shows the transition on the cluster's status and commits nothing.
    String before = config();
    CrmRun dry =
        ok("configure", "primitive", "p1", "ocf:heartbeat:Dummy", "op", "monitor", "interval=2s");
    assertTrue(dry.out().contains("Start      p1"), dry.out());
    assertFalse(dry.out().contains("no current status"), dry.out());
    assertTrue(dry.out().contains("not committed: pass --yes"), dry.out());
    assertEquals(before, config());

    commit("primitive", "p1", "ocf:heartbeat:Dummy", "op", "monitor", "interval=2s");
    commit("primitive", "p2", "ocf:heartbeat:Dummy", "params", "fake=x");
    commit("group", "g1", "p1", "p2");
    commit("primitive", "c1", "ocf:heartbeat:Dummy");
    commit("clone", "cl1", "c1");
    commit(
        "primitive",
        "st1",
        "ocf:pacemaker:Stateful",
        "op",
        "monitor",
        "interval=3s",
        "role=Promoted",
        "op",
        "monitor",
        "interval=4s",
        "role=Unpromoted");
    commit("promotable", "ms1", "st1");
    commit("location", "loc1", "ms1", "role=Promoted", "50:", follower);
    commit("colocation", "col1", "inf:", "g1", "ms1:Promoted");
    commit("order", "ord1", "Mandatory:", "ms1:promote", "g1:start");
    commit("order", "oset", "Optional:", "cl1", "(", "g1", "ms1", ")");
    commit("property", "batch-limit=20");
    commit("rsc_defaults", "resource-stickiness=1");
    commit("op_defaults", "timeout=40s");
    commit("primitive", "fd", "stonith:fence_dummy", "meta", "target-role=Stopped");
    commit("fencing_topology", "a:", "fd");

    // The cluster acts on it: the clone everywhere, the promoted instance where loc1 prefers
    // (Stateful cannot set a promotion score here: it calls Pacemaker's crm_attribute),
    // the group with it after the promotion.
    h.await("cl1 runs on every node", () -> nodesRunning("c1").size() == 3);
    h.await(
        "ms1 promoted on " + follower,
        () -> {
          CrmRun r = on(follower, "resource", "status", "ms1");
          return r.exitCode() == 0 && r.out().contains(follower + " Promoted");
        });
    h.await(
        "g1 runs with the promoted ms1",
        () ->
            nodesRunning("p1").equals(List.of(follower))
                && nodesRunning("p2").equals(List.of(follower)));

    String show = ok("configure", "show").out();
    for (String line :
        List.of(
            "primitive p2 ocf:heartbeat:Dummy",
            "group g1 p1 p2",
            "clone cl1 c1",
            "location loc1 ms1 role=Promoted 50: " + follower,
            "colocation col1 inf: g1 ms1:Promoted",
            "order ord1 Mandatory: ms1:promote g1:start",
            "order oset Optional: cl1 ( g1 ms1 )",
            "batch-limit=20",
            "resource-stickiness=1",
            "timeout=40s",
            "fencing_topology",
            "a: fd")) {
      assertTrue(show.contains(line), "show lacks '" + line + "':\n" + show);
    }
    assertTrue(show.matches("(?s).*(promotable|clone) ms1 st1.*"), show);
    assertFalse(show.contains("shown by 'show xml' only"), show);
    String xml = ok("configure", "show", "xml").out();
    assertTrue(xml.contains("<resource_set"), xml);
    assertTrue(xml.contains("id=\"ms1\""), xml);
    assertTrue(ok("configure", "verify").out().contains("valid"));

    // save, then load update of an edited copy: merged by id, dry run first, --yes commits.
    Path saved = h.dir().resolve("saved.xml");
    ok("configure", "save", saved.toString());
    String savedXml = Files.readString(saved);
    assertTrue(savedXml.contains("id=\"p1\"") && savedXml.contains("id=\"col1\""), savedXml);
    Path update = h.dir().resolve("update.xml");
    Files.writeString(
        update,
        ShellClusterTest.EMPTY.replace(
            "<resources/>",
            "<resources><primitive id=\"p3\" class=\"ocf\" provider=\"heartbeat\""
                + " type=\"Dummy\"/></resources>"));
    CrmRun loadDry = ok("configure", "load", "update", update.toString());
    assertTrue(loadDry.out().contains("Start      p3"), loadDry.out());
    assertFalse(config().contains("id=\"p3\""));
    CrmRun load = ok("configure", "load", "update", update.toString(), "--yes");
    assertTrue(load.out().contains("committed version="), load.out());
    h.await("p3 runs", () -> nodesRunning("p3").size() == 1);
    assertTrue(config().contains("id=\"g1\""), "load update kept the rest");

    commit("delete", "p3");
    h.await("p3 stopped after delete", () -> nodesRunning("p3").isEmpty());
    assertFalse(config().contains("id=\"p3\""));
  }

  @Test
  @Order(2)
  void badConfigureCommandsChangeNothing() {
    refused(
        "unknown parameter 'bogus'",
        "configure",
        "primitive",
        "x1",
        "ocf:heartbeat:Dummy",
        "params",
        "bogus=1",
        "--yes");
    refused("already in use", "configure", "primitive", "p1", "ocf:heartbeat:Dummy", "--yes");
    refused("ghost", "configure", "group", "g2", "ghost", "--yes");
    refused("ghost", "configure", "clone", "cl2", "ghost", "--yes");
    refused("ghost", "configure", "promotable", "ms2", "ghost", "--yes");
    refused("ghost", "configure", "location", "l2", "ghost", "100:", "a", "--yes");
    refused(
        "expected SCORE: with a colon", "configure", "location", "l2", "g1", "100", "a", "--yes");
    refused("ghost", "configure", "colocation", "c2", "inf:", "g1", "ghost", "--yes");
    refused("not closed", "configure", "colocation", "c2", "inf:", "g1", "(", "cl1", "--yes");
    refused("bad order kind", "configure", "order", "o2", "Sometimes:", "g1", "cl1", "--yes");
    refused("bad action", "configure", "order", "o2", "Mandatory:", "g1:jump", "cl1", "--yes");
    refused("expected NAME=VALUE", "configure", "property", "--yes");
    refused("expected NAME=VALUE", "configure", "rsc_defaults", "stickiness", "--yes");
    refused("expected NAME=VALUE", "configure", "op_defaults", "--yes");
    refused("not a stonith primitive", "configure", "fencing_topology", "a:", "p1", "--yes");
    refused(
        "no resource, constraint, tag or node with id 'ghost'",
        "configure",
        "delete",
        "ghost",
        "--yes");
    refused("no object with id 'yaml'", "configure", "show", "yaml");
    refused(
        "expected update, replace or push",
        "configure",
        "load",
        "merge",
        h.dir().resolve("update.xml").toString(),
        "--yes");
    refused("", "configure", "load", "update", h.dir().resolve("missing.xml").toString(), "--yes");
  }

  @Test
  @Order(3)
  void everyResourceCommandOnAFollower() throws Exception {
    String where = nodesRunning("p1").get(0);
    CrmRun st = ok("resource", "status");
    assertTrue(st.out().contains("resource g1 is running on: " + where), st.out());
    assertTrue(st.out().contains("resource cl1 is running on: a, b, c"), st.out());
    assertTrue(
        ok("resource", "locate", "p2").out().contains("resource p2 is running on: " + where));

    // explain, on the live status.
    CrmRun ex = ok("resource", "explain", "ms1");
    assertTrue(ex.out().contains("Score contributions"), ex.out());
    assertTrue(ex.out().contains("loc1"), ex.out());

    // stop / start of the clone.
    ok("resource", "stop", "cl1");
    h.await("cl1 stopped everywhere", () -> nodesRunning("c1").isEmpty());
    ok("resource", "start", "cl1");
    h.await("cl1 back everywhere", () -> nodesRunning("c1").size() == 3);

    // restart waits for the stop, then starts again.
    Path p1State = h.runDir(where).resolve("Dummy-p1.state");
    long before = Files.getLastModifiedTime(p1State).toMillis();
    CrmRun restart = ok("resource", "restart", "g1");
    assertTrue(restart.out().contains("committed version="), restart.out());
    h.await(
        "g1 started again after the restart",
        () -> {
          try {
            List<String> at = nodesRunning("p1");
            return at.size() == 1
                && Files.getLastModifiedTime(h.runDir(at.get(0)).resolve("Dummy-p1.state"))
                        .toMillis()
                    != before;
          } catch (IOException e) {
            return false;
          }
        });
    assertTrue(config().contains("name=\"target-role\" value=\"Started\""), config());

    // unmanage: stopping does not touch it; manage again.
    ok("resource", "unmanage", "cl1");
    assertTrue(config().contains("name=\"is-managed\" value=\"false\""), config());
    ok("resource", "manage", "cl1");
    assertTrue(config().contains("name=\"is-managed\" value=\"true\""), config());

    // demote / promote the promotable: no instance promoted, then one again.
    ok("resource", "demote", "ms1");
    h.await(
        "ms1 has no promoted instance",
        () -> {
          CrmRun r = on(follower, "resource", "status", "ms1");
          return r.exitCode() == 0 && !r.out().contains("Promoted") && r.out().contains("running");
        });
    ok("resource", "promote", "ms1");
    h.await(
        "ms1 promoted again",
        () -> on(follower, "resource", "status", "ms1").out().contains(follower + " Promoted"));

    // move with a lifetime: listed by crm status, expires, clear removes it.
    commit("primitive", "m1", "ocf:heartbeat:Dummy", "meta", "resource-stickiness=100");
    h.await("m1 runs", () -> nodesRunning("m1").size() == 1);
    String m1At = nodesRunning("m1").get(0);
    String target = NODES.stream().filter(n -> !n.equals(m1At)).findFirst().orElseThrow();
    ok("resource", "move", "m1", target, "--lifetime", "PT6S");
    h.await("m1 moved to " + target, () -> nodesRunning("m1").equals(List.of(target)));
    h.await(
        "crm status lists the move",
        () ->
            statusSays(
                follower,
                "Move/Ban Constraints",
                "cli-prefer-m1: m1 moved to " + target,
                "(until "));
    h.await(
        "crm status says the move expired",
        Duration.ofSeconds(30),
        () -> statusSays(follower, "cli-prefer-m1: m1 moved to " + target, "(expired "));
    ok("resource", "ban", "m1", target);
    h.await(
        "m1 banned from " + target,
        () -> nodesRunning("m1").size() == 1 && !nodesRunning("m1").contains(target));
    h.await(
        "crm status lists the ban",
        () -> statusSays(follower, "cli-ban-m1-on-" + target + ": m1 banned from " + target));
    CrmRun check = on(follower, "status", "--check");
    assertEquals(1, check.exitCode(), check.out() + check.err());
    assertTrue(check.out().contains("cli-ban-m1-on-" + target), check.out());
    ok("resource", "clear", "m1");
    assertFalse(config().contains("cli-"), config());
    h.await(
        "crm status no longer lists move/ban constraints",
        () -> {
          CrmRun r = on(follower, "status");
          return r.exitCode() == 0 && !r.out().contains("Move/Ban Constraints");
        });

    // cleanup: sent to the DC, which probes again; the resource keeps running.
    CrmRun cleanup = ok("resource", "cleanup", "m1");
    assertTrue(cleanup.out().contains("cleanup of m1 sent to the DC"), cleanup.out());
    ok("resource", "cleanup", "m1", target);
  }

  @Test
  @Order(4)
  void badResourceCommandsChangeNothing() {
    for (String verb :
        List.of("start", "stop", "restart", "manage", "unmanage", "promote", "demote", "clear")) {
      refused("no resource 'ghost'", "resource", verb, "ghost");
    }
    refused("no resource 'ghost'", "resource", "move", "ghost", "a");
    refused("no resource 'ghost'", "resource", "ban", "ghost", "a");
    refused("no node 'nowhere'", "resource", "move", "m1", "nowhere");
    refused("no node 'nowhere'", "resource", "ban", "m1", "nowhere");
    refused("bad lifetime 'soon'", "resource", "move", "m1", "a", "--lifetime", "soon");
    refused("no resource 'ghost'", "resource", "status", "ghost");
    refused("no resource 'ghost'", "resource", "locate", "ghost");
    refused("no resource 'ghost'", "resource", "explain", "ghost");
    refused("no resource 'ghost'", "resource", "cleanup", "ghost");
    refused("no node 'nowhere'", "resource", "cleanup", "m1", "nowhere");
    refused("Unmatched arguments from index 1: 'frobnicate'", "resource", "frobnicate", "m1");
    refused("Missing required parameter", "resource", "move");
  }

  @Test
  @Order(5)
  void everyNodeCommandOnAFollower() throws Exception {
    String other = NODES.stream().filter(n -> !n.equals(follower)).findFirst().orElseThrow();
    ok("node", "standby", other);
    h.await(
        "nothing runs on " + other + " in standby",
        () ->
            nodesRunning("c1").size() == 2
                && !nodesRunning("c1").contains(other)
                && !nodesRunning("m1").contains(other));
    h.await(
        "crm status shows the standby", () -> statusSays(follower, "Node " + other + ": standby"));
    ok("node", "online", other);
    h.await("cl1 back on " + other, () -> nodesRunning("c1").size() == 3);
    h.await(
        "crm status no longer shows the standby",
        () ->
            on(follower, "status").exitCode() == 0
                && !on(follower, "status").out().contains("Node " + other + ": standby"));

    ok("node", "maintenance", other);
    h.await(
        "crm status shows the maintenance",
        () -> statusSays(follower, "Node " + other + ": maintenance"));
    assertTrue(config().contains("name=\"maintenance\" value=\"on\""), config());
    ok("node", "maintenance", other, "off");
    assertFalse(config().contains("name=\"maintenance\""), config());

    refused("no node 'nowhere'", "node", "standby", "nowhere");
    refused("no node 'nowhere'", "node", "online", "nowhere");
    refused("no node 'nowhere'", "node", "maintenance", "nowhere");
    refused("expected on or off", "node", "maintenance", other, "sideways");
    refused("is not an id", "node", "standby", "a b");
  }

  @Test
  @Order(6)
  void nodeFenceGoesThroughTheDc() throws Exception {
    String dc = dc();
    String victim =
        NODES.stream().filter(n -> !n.equals(dc) && !n.equals(follower)).findFirst().orElseThrow();
    refused("stonith-enabled is false", "node", "fence", victim);
    refused("no node 'nowhere'", "node", "fence", "nowhere");
    refused("is not an id", "node", "fence", "a b");
    assertTrue(h.isRunning(victim));

    commit(
        "primitive",
        "power",
        "stonith:fence_paceline_demo",
        "params",
        "demo_root=" + h.dir(),
        "pcmk_host_list=a b c");
    commit("fencing_topology", "a:", "power", "b:", "power", "c:", "power");
    commit("property", "stonith-enabled=true");
    refused("is the DC and cannot fence itself", "node", "fence", dc);

    CrmRun fence = ok("node", "fence", victim);
    assertTrue(
        fence.out().contains("fencing of " + victim + " requested from the DC"), fence.out());
    assertTrue(fence.out().contains("of " + victim + " succeeded"), fence.out() + fence.err());
    h.await("the fenced daemon is gone", () -> !h.isRunning(victim));
    h.await(
        "crm status on " + follower + " shows the fencing",
        () -> {
          CrmRun r = on(follower, "status");
          return r.exitCode() == 0
              && r.out().contains("Fencing History:")
              && r.out().contains("of " + victim + " successful");
        });
  }

  @Test
  @Order(7)
  void interactiveShellOnAFollower() throws Exception {
    TargetOptions o = new TargetOptions();
    o.ocfRoot = Path.of("/usr/lib/ocf");
    o.node = new ClusterCommand.ConfigOption();
    o.node.config = h.configFile(follower);
    Path history = Files.createTempFile("crm-history", "");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String input =
        """
        configure
        primitive live-i ocf:heartbeat:Dummy op monitor interval=10s
        commit
        up
        resource
        status live-i
        up
        quit
        """;
    InteractiveShell sh;
    try (org.jline.terminal.Terminal t =
        new org.jline.terminal.impl.DumbTerminal(
            "test",
            "dumb",
            new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            out,
            StandardCharsets.UTF_8)) {
      t.echo(false);
      sh = new InteractiveShell(t, o, history);
      sh.run();
      t.flush();
    } finally {
      Files.deleteIfExists(history);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    // The dry run before the commit used the DC's live status: the start goes to a real node.
    assertTrue(text.matches("(?s).*\\* Start +live-i +\\( [abc] \\).*"), text);
    assertTrue(config().contains("id=\"live-i\""), text + h.logs());
    h.await(
        "live-i running",
        () -> on(follower, "resource", "status", "live-i").out().contains("is running on"));
    // Completion (at the root, where the session ended) offers the live cluster's ids.
    ShellCompleter c = sh.completer();
    assertTrue(c.candidates(List.of("resource", "move")).contains("live-i"), c.toString());
    assertEquals(NODES, c.candidates(List.of("node", "standby")));
  }
}
