package org.paceline.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/**
 * The DC's controller against an in-memory stand-in for the nodes' executors and the fence device
 * (a unit seam: the simulation and the process tests use the real adapters). Every effect is
 * answered at once and in order, so each test is a straight line of events.
 */
@Tag("unit")
class ControllerTest {
  private final Map<String, Map<String, String>> actual = new TreeMap<>();
  private final List<String> log = new ArrayList<>();
  private final List<String> ops = new ArrayList<>();
  private final Deque<Event> inbox = new ArrayDeque<>();
  private Set<String> members = new TreeSet<>(Set.of("n1", "n2", "n3"));
  private Controller c;
  private long now = 1_000_000;
  private int fenceFails;
  // Fence requests held back until the test answers them (null: answered at once).
  private List<String> heldFences;
  // Histories a node reports when asked (default: none).
  private final Map<String, List<org.paceline.cib.LrmResource>> reports = new TreeMap<>();
  // The meta attributes each operation was sent with (parallel to ops), and what notify answers.
  private final List<Map<String, String>> metas = new ArrayList<>();
  private int notifyRc;

  @BeforeEach
  void start() throws Exception {
    Cib cib = CibXmlReader.read(Path.of("src/test/resources/controller/trio.xml")).cib();
    for (String n : members) {
      actual.put(n, new TreeMap<>());
    }
    c = new Controller("n1", ControllerOptions.DEFAULTS);
    deliver(new Event.ConfigurationCommitted(cib));
    deliver(new Event.MembershipChanged(members));
    deliver(new Event.LeadershipChanged(true, true, 1));
  }

  private void deliver(Event e) {
    inbox.add(e);
    int guard = 0;
    while (!inbox.isEmpty()) {
      if (++guard > 10_000) {
        throw new AssertionError(
            "no quiescence; last log: " + log.subList(Math.max(0, log.size() - 20), log.size()));
      }
      Event ev = inbox.poll();
      now += 10;
      for (Effect f : c.step(ev, now)) {
        answer(f);
      }
    }
  }

  private void answer(Effect f) {
    if (f instanceof Effect.Log l) {
      log.add(l.message());
    } else if (f instanceof Effect.RequestReport r) {
      if (members.contains(r.node())) {
        inbox.add(
            new Event.NodeReport(
                r.node(), r.term(), reports.getOrDefault(r.node(), List.of()), Map.of()));
      }
    } else if (f instanceof Effect.RunOperation r) {
      ops.add(r.task() + " " + r.resource() + " " + r.intervalMs() + " @" + r.node());
      metas.add(r.meta());
      Map<String, String> state = actual.get(r.node());
      String rsc = r.resource().replaceFirst(":[0-9]+$", "");
      String cur = state.getOrDefault(rsc, "stopped");
      int rc = 0;
      switch (r.task()) {
        case "start" -> state.put(rsc, "started");
        case "stop" -> state.remove(rsc);
        case "promote" -> state.put(rsc, "promoted");
        case "demote" -> state.put(rsc, "started");
        case "notify" -> rc = notifyRc;
        case "monitor" ->
            rc =
                switch (cur) {
                  case "stopped" -> 7;
                  case "promoted" -> 8;
                  case "failed" -> 1;
                  default -> 0;
                };
        default -> {}
      }
      inbox.add(
          new Event.OperationResult(
              r.node(), r.transitionId(), r.resource(), r.task(), r.intervalMs(), rc, 0, "", 5));
    } else if (f instanceof Effect.ConfirmQuorum q) {
      inbox.add(new Event.QuorumConfirmed(q.token(), true));
    } else if (f instanceof Effect.Fence fe) {
      ops.add("fence " + fe.target());
      metas.add(Map.of());
      if (heldFences != null) {
        heldFences.add(fe.target());
        return;
      }
      if (fenceFails > 0) {
        fenceFails--;
        inbox.add(new Event.FenceResult(fe.target(), false, "test device: injected failure"));
        return;
      }
      actual.get(fe.target()).clear();
      inbox.add(new Event.FenceResult(fe.target(), true, "test device"));
    } else if (f instanceof Effect.SetTimer t
        && t.id().startsWith("fence-retry")
        && fenceFails > 0) {
      inbox.add(new Event.TimerFired(t.id()));
    }
  }

  private List<String> where(String rsc) {
    List<String> out = new ArrayList<>();
    actual.forEach(
        (n, m) -> {
          if (m.containsKey(rsc)) {
            out.add(n + "=" + m.get(rsc));
          }
        });
    return out;
  }

  @Test
  void coldStartProbesThenStartsEverythingOnce() {
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertEquals(List.of("n1=promoted", "n2=started", "n3=started"), where("db"));
    assertEquals(List.of("n1=started"), where("vip"));
    long starts = ops.stream().filter(o -> o.startsWith("start vip")).count();
    assertEquals(1, starts, ops::toString);
    assertTrue(ops.indexOf("monitor vip 0 @n1") < ops.indexOf("start vip 0 @n1"), ops::toString);
  }

  @Test
  void aNotifyCloneIsToldOfItsStartsAndPromotionInOrderAndAFailedNotificationFailsNothing()
      throws Exception {
    String xml =
        Files.readString(Path.of("src/test/resources/controller/trio.xml"))
            .replace(
                "<nvpair id=\"db-clone-promotable\"",
                "<nvpair id=\"db-clone-notify\" name=\"notify\" value=\"true\"/>"
                    + "<nvpair id=\"db-clone-promotable\"");
    Path file = Files.createTempFile("trio-notify", ".xml");
    Files.writeString(file, xml);
    Cib cib = CibXmlReader.read(file).cib();
    Files.delete(file);
    actual.values().forEach(Map::clear);
    ops.clear();
    metas.clear();
    notifyRc = 1; // every notification fails: it must change nothing
    c = new Controller("n1", ControllerOptions.DEFAULTS);
    deliver(new Event.ConfigurationCommitted(cib));
    deliver(new Event.MembershipChanged(members));
    deliver(new Event.LeadershipChanged(true, true, 1));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertEquals(List.of("n1=promoted", "n2=started", "n3=started"), where("db"));
    List<String> notifies = ops.stream().filter(o -> o.startsWith("notify db")).toList();
    // After the starts, all three; before and after the promotion, all three again.
    assertEquals(9, notifies.size(), ops::toString);
    int lastStart = -1;
    int firstNotify = Integer.MAX_VALUE;
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).startsWith("start db")) {
        lastStart = i;
      }
      if (ops.get(i).startsWith("notify db")) {
        firstNotify = Math.min(firstNotify, i);
      }
    }
    assertTrue(lastStart < firstNotify, ops::toString);
    int promote =
        ops.indexOf(ops.stream().filter(o -> o.startsWith("promote db")).findFirst().orElseThrow());
    List<Map<String, String>> before = new ArrayList<>();
    List<Map<String, String>> after = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Map<String, String> m = metas.get(i);
      if (ops.get(i).startsWith("notify db") && "promote".equals(m.get("notify_operation"))) {
        (i < promote ? before : after).add(m);
      }
    }
    assertEquals(3, before.size(), ops::toString);
    assertEquals(3, after.size(), ops::toString);
    assertTrue(before.stream().allMatch(m -> m.get("notify_type").equals("pre")));
    assertTrue(after.stream().allMatch(m -> m.get("notify_type").equals("post")));
    Map<String, String> m = after.get(0);
    assertEquals("n1", m.get("notify_promote_uname"), m.toString());
    // The lists tell the state the transition started from (nothing ran) and what it does.
    assertEquals(" ", m.get("notify_active_uname"), m.toString());
    assertEquals("db:0 db:1 db:2", m.get("notify_inactive_resource"), m.toString());
    assertEquals("db:0 db:1 db:2", m.get("notify_start_resource"), m.toString());
    assertEquals(3, m.get("notify_start_uname").split(" ").length, m.toString());
    assertEquals(" ", m.get("notify_master_uname"), m.toString());
    // Every action of an instance carries the clone's meta as the scheduler unpacked it.
    Map<String, String> start = metas.get(ops.indexOf("start db:0 0 @" + where0()));
    assertEquals("3", start.get("clone_max"), start.toString());
    assertEquals("1", start.get("clone_node_max"), start.toString());
    assertEquals("0", start.get("clone"), start.toString());
    assertEquals("true", start.get("notify"), start.toString());
    assertEquals("false", start.get("globally_unique"), start.toString());
    assertEquals("1", start.get("promoted_max"), start.toString());
    assertEquals("1", start.get("master_max"), start.toString());
    assertFalse(ops.stream().anyMatch(o -> o.startsWith("stop db")), ops::toString);
    assertTrue(
        log.stream().anyMatch(l -> l.contains("notification returned rc 1; ignored")),
        log::toString);
  }

  /** The node db:0 started on. */
  private String where0() {
    return ops.stream()
        .filter(o -> o.startsWith("start db:0 0 @"))
        .findFirst()
        .orElseThrow()
        .substring("start db:0 0 @".length());
  }

  @Test
  void lostNodeIsFencedBeforeItsResourcesMove() {
    ops.clear();
    members.remove("n1");
    deliver(new Event.MembershipChanged(members));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertEquals(List.of("n2=promoted", "n3=started"), where("db"));
    assertEquals(List.of("n2=started"), where("vip"));
    int fence = ops.indexOf("fence n1");
    assertTrue(fence >= 0, ops::toString);
    assertTrue(
        fence < ops.indexOf("promote db:0 0 @n2") || fence < ops.indexOf("promote db:1 0 @n2"),
        ops::toString);
  }

  @Test
  void aFencedNodeIsNotFencedAgainWhenTheConfigurationChanges() throws Exception {
    members.remove("n1");
    deliver(new Event.MembershipChanged(members));
    assertEquals(1, ops.stream().filter(o -> o.equals("fence n1")).count(), ops::toString);
    ops.clear();
    // Any commit (e.g. an agent's node attribute) while n1 is down and known to be down.
    Cib cib = CibXmlReader.read(Path.of("src/test/resources/controller/trio.xml")).cib();
    deliver(new Event.ConfigurationCommitted(cib));
    assertFalse(ops.contains("fence n1"), ops::toString);
    // It comes back, and leaves uncleanly again: fenced again.
    members.add("n1");
    deliver(new Event.MembershipChanged(members));
    members.remove("n1");
    deliver(new Event.MembershipChanged(members));
    assertTrue(ops.contains("fence n1"), ops::toString);
  }

  @Test
  void aNodeFencedAfterItCameBackIsNotFencedAgainWhenItsFencingTakesItAway() {
    heldFences = new ArrayList<>();
    members.remove("n1");
    deliver(new Event.MembershipChanged(members));
    assertEquals(List.of("n1"), heldFences);
    // The reboot's power-on is quick: n1 is back in the view before its fencing is reported.
    members.add("n1");
    deliver(new Event.MembershipChanged(members));
    actual.get("n1").clear();
    deliver(new Event.FenceResult("n1", true, "test device: off confirmed"));
    heldFences = null;
    // While the view still holds the fenced instance, it is down and nothing is placed there.
    assertEquals(
        "down", c.snapshot(now).nodeState("n1").orElseThrow().join(), () -> String.join("\n", log));
    ops.clear();
    // The fencing takes that instance away: that is no new failure.
    members.remove("n1");
    deliver(new Event.MembershipChanged(members));
    assertFalse(ops.contains("fence n1"), ops::toString);
    assertTrue(log.contains("n1 left: it was fenced while still a member"), log::toString);
    // The rebooted n1 joins, reports, and is a member like any other.
    members.add("n1");
    deliver(new Event.MembershipChanged(members));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertFalse(ops.contains("fence n1"), ops::toString);
    assertEquals("member", c.snapshot(now).nodeState("n1").orElseThrow().join());
    // A later unclean departure is a new failure: fenced.
    members.remove("n1");
    deliver(new Event.MembershipChanged(members));
    assertTrue(ops.contains("fence n1"), ops::toString);
  }

  @Test
  void aNodeCutOffInAMinorityStopsItsOwnResourcesVipFirst() {
    assertEquals(List.of("n1=promoted", "n2=started", "n3=started"), where("db"));
    assertEquals(List.of("n1=started"), where("vip"));
    // What n1's executor would report about itself: what it ran.
    reports.put("n1", c.snapshot(now).nodeState("n1").orElseThrow().lrmResources());
    deliver(new Event.PartitionChanged(true));
    ops.clear();
    // Cut off: the view holds n1 alone, Raft has no leader here.
    deliver(new Event.LeadershipChanged(false, false, 2));
    members = new TreeSet<>(Set.of("n1"));
    deliver(new Event.MembershipChanged(members));
    deliver(new Event.PartitionChanged(false));
    assertFalse(c.minority(), "nothing before the grace period ends");
    assertTrue(ops.isEmpty(), ops::toString);
    deliver(new Event.TimerFired("minority"));
    assertTrue(c.minority(), () -> String.join("\n", log));
    assertFalse(c.busy(), () -> String.join("\n", log));
    // no-quorum-policy=stop (the default): everything of n1 stops, the VIP before the database;
    // nothing starts, is promoted or fenced without quorum.
    assertEquals(List.of(), where("vip"));
    assertEquals(List.of("n2=started", "n3=started"), where("db"));
    int vipStop = ops.indexOf("stop vip 0 @n1");
    assertTrue(vipStop >= 0, ops::toString);
    int dbDown =
        ops.indexOf(ops.stream().filter(o -> o.startsWith("demote db")).findFirst().orElseThrow());
    assertTrue(vipStop < dbDown, ops::toString);
    assertFalse(
        ops.stream()
            .anyMatch(
                o -> o.startsWith("start") || o.startsWith("promote") || o.startsWith("fence")),
        ops::toString);
    // The majority is back: n1 no longer acts alone.
    members = new TreeSet<>(Set.of("n1", "n2", "n3"));
    deliver(new Event.MembershipChanged(members));
    deliver(new Event.PartitionChanged(true));
    assertFalse(c.minority());
  }

  @Test
  void aNodeThatNeverHadAMajorityDoesNotActAlone() {
    Controller lone = new Controller("n2", ControllerOptions.DEFAULTS);
    List<Effect> out = new ArrayList<>();
    out.addAll(lone.step(new Event.ConfigurationCommitted(c.configuration()), now));
    out.addAll(lone.step(new Event.MembershipChanged(Set.of("n2")), now));
    out.addAll(lone.step(new Event.PartitionChanged(false), now));
    out.addAll(lone.step(new Event.TimerFired("minority"), now));
    assertFalse(lone.minority());
    assertFalse(lone.isDc());
    assertTrue(out.stream().noneMatch(e -> e instanceof Effect.RequestReport), out::toString);
  }

  @Test
  void failedMonitorRecoversInPlace() {
    ops.clear();
    actual.get("n1").put("vip", "failed");
    deliver(new Event.OperationResult("n1", -1, "vip", "monitor", 1000, 1, 0, "", 1));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertEquals(List.of("n1=started"), where("vip"));
    assertTrue(ops.contains("stop vip 0 @n1") && ops.contains("start vip 0 @n1"), ops::toString);
    assertEquals(
        "1",
        c.snapshot(now)
            .nodeState("n1")
            .orElseThrow()
            .transientAttribute("fail-count-vip#monitor_1000")
            .orElse(null));
  }

  @Test
  void aDegradedMonitorIsNoFailure() {
    ops.clear();
    // OCF 1.1's "degraded" (190): the agent still runs; Pacemaker counts it as success.
    deliver(new Event.OperationResult("n1", -1, "vip", "monitor", 1000, 190, 0, "", 1));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertEquals(List.of("n1=started"), where("vip"));
    assertFalse(ops.contains("stop vip 0 @n1"), ops::toString);
    assertTrue(
        c.snapshot(now)
            .nodeState("n1")
            .orElseThrow()
            .transientAttribute("fail-count-vip#monitor_1000")
            .isEmpty());
  }

  @Test
  void migrationThresholdMovesAFailingResourceAndCleanupForgetsTheFailure() throws Exception {
    Cib cib = CibXmlReader.read(Path.of("src/test/resources/controller/trio.xml")).cib();
    String xml =
        org.paceline.cib.CibXmlWriter.write(cib)
            .replace(
                "<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">",
                "<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
                    + "<meta_attributes id=\"vip-meta\"><nvpair id=\"vip-mt\""
                    + " name=\"migration-threshold\" value=\"1\"/></meta_attributes>");
    // vip follows the promoted db (n1): with the colocation it cannot move, so drop it here.
    xml = xml.replaceAll("<rsc_colocation id=\"vip-with-db\"[^>]*/>", "");
    deliver(new Event.ConfigurationCommitted(CibXmlReader.read(xml, "test").cib()));
    assertFalse(c.busy(), () -> String.join("\n", log));
    String first = where("vip").get(0).split("=")[0];
    ops.clear();
    actual.get(first).put("vip", "failed");
    deliver(new Event.OperationResult(first, -1, "vip", "monitor", 1000, 1, 0, "", 1));
    assertFalse(c.busy(), () -> String.join("\n", log));
    List<String> now = where("vip");
    assertEquals(1, now.size(), now::toString);
    assertFalse(now.get(0).startsWith(first + "="), "vip left " + first + ": " + now);
    // cleanup: the fail count is gone and vip may come back (stickiness 0, no preference).
    deliver(new Event.Cleanup("vip", first));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertTrue(
        c.snapshot(now())
            .nodeState(first)
            .orElseThrow()
            .transientAttribute("fail-count-vip#monitor_1000")
            .isEmpty(),
        "cleanup cleared the fail count");
  }

  @Test
  void aFailedFencingIsRetriedAndNothingIsRecoveredMeanwhile() {
    fenceFails = 2;
    ops.clear();
    members.remove("n1");
    deliver(new Event.MembershipChanged(members));
    // Two failed attempts: nothing of n1's may start elsewhere yet.
    assertEquals(List.of("fence n1", "fence n1"), ops, () -> String.join("\n", log));
    assertTrue(c.busy());
    deliver(new Event.TimerFired("fence-retry:1"));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertEquals("fence n1", ops.get(2));
    assertEquals(List.of("n2=started"), where("vip"));
  }

  private long now() {
    return now;
  }
}
