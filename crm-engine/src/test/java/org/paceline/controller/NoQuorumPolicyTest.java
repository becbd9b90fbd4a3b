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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/**
 * Each {@code no-quorum-policy} as the controller/scheduler seam applies it on a node cut off from
 * the majority (Pacemaker's DC of a partition without quorum): n1 holds the promoted database and
 * the VIP of {@code controller/trio.xml}, loses its peers, and after the grace period schedules its
 * own partition with quorum=false. The nodes' executors are an in-memory stand-in; a quorum proof
 * is refused while n1 is cut off, as the Raft commit behind it would be.
 */
@Tag("unit")
class NoQuorumPolicyTest {
  private final Map<String, Map<String, String>> actual = new TreeMap<>();
  private final List<String> ops = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private final Deque<Event> inbox = new ArrayDeque<>();
  private Set<String> members = new TreeSet<>(Set.of("n1", "n2", "n3"));
  private boolean cut;
  // A resource whose stop fails (rc 1) on a node cut off.
  private String failingStop;
  private Controller c;
  private long now = 1_000_000;

  /** Forms the cluster with {@code policy}, then cuts n1 off; returns what n1 ran after the cut. */
  private List<String> cutOffWith(String policy) throws Exception {
    String xml =
        Files.readString(Path.of("src/test/resources/controller/trio.xml"))
            .replace(
                "<nvpair id=\"opts-stonith\"",
                "<nvpair id=\"opts-nqp\" name=\"no-quorum-policy\" value=\""
                    + policy
                    + "\"/><nvpair id=\"opts-stonith\"");
    Path file = Files.createTempFile("trio-nqp", ".xml");
    Files.writeString(file, xml);
    Cib cib = CibXmlReader.read(file).cib();
    Files.delete(file);
    for (String n : members) {
      actual.put(n, new TreeMap<>());
    }
    c = new Controller("n1", ControllerOptions.DEFAULTS);
    deliver(new Event.ConfigurationCommitted(cib));
    deliver(new Event.MembershipChanged(members));
    deliver(new Event.LeadershipChanged(true, true, 1));
    deliver(new Event.PartitionChanged(true));
    assertFalse(c.busy(), () -> String.join("\n", log));
    assertEquals(List.of("n1=promoted", "n2=started", "n3=started"), where("db"));
    assertEquals(List.of("n1=started"), where("vip"));
    // What n1's executor reports about itself once cut off: what it runs.
    lastHistory.put("n1", c.snapshot(now).nodeState("n1").orElseThrow().lrmResources());
    ops.clear();
    // The cable is pulled: n1's view holds n1 alone, Raft has no leader here.
    cut = true;
    members = new TreeSet<>(Set.of("n1"));
    deliver(new Event.LeadershipChanged(false, false, 2));
    deliver(new Event.MembershipChanged(members));
    deliver(new Event.PartitionChanged(false));
    assertTrue(ops.isEmpty(), "nothing before the grace period ends: " + ops);
    deliver(new Event.TimerFired("minority"));
    assertTrue(c.minority(), () -> String.join("\n", log));
    assertFalse(
        ops.stream().anyMatch(o -> o.startsWith("start") || o.startsWith("promote")),
        "nothing starts or is promoted without quorum: " + ops);
    return List.copyOf(ops);
  }

  /** After the cut, the majority is back and its DC (n2) leads: n1 must wait for it. */
  private void heal() {
    ops.clear();
    cut = false;
    members = new TreeSet<>(Set.of("n1", "n2", "n3"));
    deliver(new Event.MembershipChanged(members));
    deliver(new Event.PartitionChanged(true));
    deliver(new Event.LeadershipChanged(false, true, 3));
    assertFalse(c.minority());
    assertFalse(c.isDc());
    assertEquals(List.of(), ops, "back in the majority, n1 runs nothing until the DC decides");
  }

  @Test
  void stopDemotesAndStopsEverythingVipFirstAndRestartsNothingOnTheHeal() throws Exception {
    List<String> done = cutOffWith("stop");
    assertEquals(List.of(), where("vip"), () -> String.join("\n", log));
    assertEquals(List.of("n2=started", "n3=started"), where("db"));
    int vipStop = first(done, "stop vip");
    int demote = first(done, "demote db");
    int dbStop = first(done, "stop db");
    assertTrue(vipStop >= 0 && vipStop < demote && demote < dbStop, done::toString);
    heal();
  }

  @Test
  void freezeKeepsWhatRunsAndStartsNothing() throws Exception {
    List<String> done = cutOffWith("freeze");
    assertEquals(List.of("n1=promoted", "n2=started", "n3=started"), where("db"));
    assertEquals(List.of("n1=started"), where("vip"));
    assertTrue(
        done.stream().noneMatch(o -> o.startsWith("stop") || o.startsWith("demote")),
        done::toString);
    heal();
  }

  @Test
  void demoteDemotesThePromotedInstanceAndStopsTheRest() throws Exception {
    List<String> done = cutOffWith("demote");
    // Pacemaker's no-quorum-policy=demote: promoted instances are demoted, not stopped; every
    // other resource stops (the VIP, colocated with the promoted role, first).
    assertEquals(List.of("n1=started", "n2=started", "n3=started"), where("db"));
    assertEquals(List.of(), where("vip"));
    assertTrue(first(done, "stop vip") < first(done, "demote db"), done::toString);
    assertEquals(-1, first(done, "stop db"), done::toString);
    heal();
  }

  @Test
  void ignoreKeepsEverythingRunning() throws Exception {
    List<String> done = cutOffWith("ignore");
    assertEquals(List.of("n1=promoted", "n2=started", "n3=started"), where("db"));
    assertEquals(List.of("n1=started"), where("vip"));
    assertTrue(
        done.stream().noneMatch(o -> o.startsWith("stop") || o.startsWith("demote")),
        done::toString);
    heal();
  }

  @Test
  void suicideStopsEverythingVipFirstThenFencesTheNodeItself() throws Exception {
    List<String> done = cutOffWith("suicide");
    // The scheduler fences the node (no-quorum-panic) once its resources are stopped; the node
    // does it itself (no device, no quorum proof), last.
    assertEquals(List.of(), where("vip"), () -> String.join("\n", log));
    assertEquals(List.of("n2=started", "n3=started"), where("db"));
    assertTrue(first(done, "stop vip") < first(done, "demote db"), done::toString);
    assertEquals(done.size() - 1, done.indexOf("self-fence"), done::toString);
    assertEquals(-1, first(done, "fence "), done::toString);
    assertTrue(
        log.stream().anyMatch(l -> l.contains("cluster does not have quorum")), log::toString);
    // Nothing more: the node is going down.
    ops.clear();
    deliver(new Event.TimerFired("recheck"));
    assertEquals(List.of(), ops);
  }

  private void deliver(Event e) {
    inbox.add(e);
    int guard = 0;
    while (!inbox.isEmpty()) {
      if (++guard > 10_000) {
        throw new AssertionError(
            "no quiescence: " + log.subList(Math.max(0, log.size() - 20), log.size()));
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
        // What the node's executor would report: what it runs, as the DC last recorded it.
        inbox.add(new Event.NodeReport(r.node(), r.term(), history(r.node()), Map.of()));
      }
    } else if (f instanceof Effect.RunOperation r) {
      if (r.intervalMs() == 0) {
        ops.add(r.task() + " " + r.resource() + " @" + r.node());
      }
      Map<String, String> state = actual.get(r.node());
      String rsc = r.resource().replaceFirst(":[0-9]+$", "");
      String cur = state.getOrDefault(rsc, "stopped");
      int rc = 0;
      switch (r.task()) {
        case "start" -> state.put(rsc, "started");
        case "stop" -> {
          if (cut && rsc.equals(failingStop)) {
            rc = 1;
          } else {
            state.remove(rsc);
          }
        }
        case "promote" -> state.put(rsc, "promoted");
        case "demote" -> state.put(rsc, "started");
        case "monitor" ->
            rc =
                switch (cur) {
                  case "stopped" -> 7;
                  case "promoted" -> 8;
                  default -> 0;
                };
        default -> {}
      }
      inbox.add(
          new Event.OperationResult(
              r.node(), r.transitionId(), r.resource(), r.task(), r.intervalMs(), rc, 0, "", 5));
    } else if (f instanceof Effect.ConfirmQuorum q) {
      if (!cut) {
        inbox.add(new Event.QuorumConfirmed(q.token(), true));
      }
      // Cut off: the Raft no-op is never committed; the daemon answers false after its timeout.
    } else if (f instanceof Effect.Fence fe) {
      ops.add("fence " + fe.target());
    } else if (f instanceof Effect.SelfFence) {
      ops.add("self-fence");
    }
  }

  private List<org.paceline.cib.LrmResource> history(String node) {
    return lastHistory.computeIfAbsent(node, n -> List.of());
  }

  private final Map<String, List<org.paceline.cib.LrmResource>> lastHistory = new TreeMap<>();

  @Test
  void aNodeCutOffThatCannotStopAResourceFencesItself() throws Exception {
    failingStop = "vip";
    List<String> done = cutOffWith("stop");
    // Pacemaker fences a node whose stop failed, and without quorum it may still fence a node of
    // its own partition: here, itself (sbd's case for a node that cannot stop its resources).
    assertTrue(done.contains("stop vip @n1"), done::toString);
    assertEquals(done.size() - 1, done.indexOf("self-fence"), () -> done + "\n" + log);
  }

  /** The index of the first operation starting with {@code prefix}, or -1. */
  private static int first(List<String> done, String prefix) {
    for (int i = 0; i < done.size(); i++) {
      if (done.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
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
}
