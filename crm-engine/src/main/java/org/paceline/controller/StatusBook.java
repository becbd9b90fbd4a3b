package org.paceline.controller;

import static org.paceline.agents.OcfExitCode.NOT_RUNNING;
import static org.paceline.agents.OcfExitCode.RUNNING_PROMOTED;
import static org.paceline.agents.OcfExitCode.SUCCESS;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.Node;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.cib.TransitionKey;

/**
 * The DC's status section: what every node's executor reported, fail counts, and what the DC knows
 * of each node's membership (expected up or down, must be fenced). It is rebuilt by every new DC
 * from the nodes' reports; nothing here survives a change of DC.
 */
final class StatusBook {
  /** What the DC knows of one node. */
  static final class NodeBook {
    /** The node was seen as a member and has not left cleanly or been fenced since. */
    boolean expectedUp;

    /** The node left uncleanly (or its state is unknown to this DC): fence before recovery. */
    boolean mustFence;

    /** The node answered this DC's report request: its history below is complete. */
    boolean reported;

    /**
     * This DC knows the node is down and runs nothing: it was fenced, or it left cleanly. Its state
     * is known, so it is not fenced again as "never seen" (until it joins again).
     */
    boolean knownDown;

    /**
     * The node was fenced while this DC still counted it as a member (it came back before its
     * fencing ended, or the fencing beat the failure detector). Its next departure is that fencing,
     * not a new failure, so it is not fenced again for it.
     */
    boolean fencedWhileMember;

    /** Resource history id (without clone suffix for anonymous clones) to entry id to op. */
    final Map<String, Map<String, LrmRscOp>> history = new TreeMap<>();

    /** Agent (class, provider, type) per history id. */
    final Map<String, String[]> agents = new TreeMap<>();

    /** Transient attributes: promotion scores from the node, fail counts from the DC. */
    final Map<String, String> attributes = new TreeMap<>();

    void forgetResources() {
      history.clear();
      agents.clear();
      attributes.clear();
    }
  }

  private final Map<String, NodeBook> nodes = new TreeMap<>();
  private int nextCallId = 1;

  NodeBook node(String name) {
    return nodes.computeIfAbsent(name, n -> new NodeBook());
  }

  int nextCallId() {
    return nextCallId++;
  }

  /** Replaces a node's history with its report (call ids renumbered in report order). */
  void replace(String node, List<LrmResource> history, Map<String, String> attributes) {
    NodeBook b = node(node);
    b.history.clear();
    b.agents.clear();
    for (LrmResource r : history) {
      List<LrmRscOp> ops = new ArrayList<>(r.ops());
      ops.sort(
          (x, y) ->
              Long.compare(
                  x.callId() == null ? Long.MAX_VALUE : x.callId(),
                  y.callId() == null ? Long.MAX_VALUE : y.callId()));
      Map<String, LrmRscOp> entries = new TreeMap<>();
      for (LrmRscOp o : ops) {
        entries.put(o.id(), o.withCallId(nextCallId()));
      }
      b.history.put(r.id(), entries);
      b.agents.put(r.id(), new String[] {r.resourceClass(), r.provider(), r.type()});
    }
    // The node owns its attributes; fail counts this DC already keeps win over the node's (the
    // node's come from its executor history, which a cleanup here may have made obsolete).
    b.attributes.keySet().removeIf(k -> !isFailureAttribute(k));
    attributes.forEach(
        (k, v) -> {
          if (!isFailureAttribute(k)) {
            b.attributes.put(k, v);
          } else {
            b.attributes.putIfAbsent(k, v);
          }
        });
    b.reported = true;
  }

  static boolean isFailureAttribute(String name) {
    return name.startsWith("fail-count-") || name.startsWith("last-failure-");
  }

  /**
   * Records an operation result in its node's history, with a last-failure entry and the fail count
   * when it failed; returns whether it counts as a failure.
   *
   * @param expected the rc that counts as success
   * @param settings the configuration's view of the resource (history id, agent, fatal starts)
   * @param migrateAttributes migrate_source and migrate_target of a migration, else empty
   */
  boolean record(
      Event.OperationResult r,
      int expected,
      long nowMs,
      ActionSettings settings,
      Map<String, String> migrateAttributes) {
    String hid = settings.historyId(r.resource());
    NodeBook b = node(r.node());
    Map<String, LrmRscOp> entries = b.history.computeIfAbsent(hid, k -> new TreeMap<>());
    Primitive p = settings.primitive(hid).orElse(null);
    if (p != null) {
      b.agents.put(hid, new String[] {p.resourceClass(), p.provider(), p.type()});
    }
    boolean failed = failed(r, expected);
    if (r.task().equals("cancel")) {
      entries.remove(LrmRscOp.monitorId(hid, r.intervalMs()));
      return false;
    }
    long nowSec = nowMs / 1000;
    LrmRscOp op =
        LrmRscOp.of(
                r.intervalMs() > 0 ? LrmRscOp.monitorId(hid, r.intervalMs()) : LrmRscOp.lastId(hid),
                hid,
                r.task(),
                r.intervalMs())
            .callId(nextCallId())
            .result(TransitionKey.paceline(r.transitionId(), expected), r.opStatus(), r.rc())
            .lastRun(nowSec)
            .lastRcChange(nowSec)
            .execTimeMs(r.execMs())
            .queueTimeMs(0L)
            .otherAttributes(migrateAttributes)
            .build();
    entries.put(op.id(), op);
    if (failed) {
      LrmRscOp f = op.toBuilder().id(LrmRscOp.lastFailureId(hid)).otherAttributes(Map.of()).build();
      entries.put(f.id(), f);
      String suffix = hid + "#" + r.task() + "_" + r.intervalMs();
      String countKey = "fail-count-" + suffix;
      boolean fatalStart = r.task().equals("start") && settings.startFailureIsFatal();
      String count =
          fatalStart ? "INFINITY" : Integer.toString(parseCount(b.attributes.get(countKey)) + 1);
      b.attributes.put(countKey, count);
      b.attributes.put("last-failure-" + suffix, Long.toString(nowSec));
    } else if (r.task().equals("stop")) {
      // The executor cancelled the resource's recurring monitors with the stop.
      entries.keySet().removeIf(k -> k.startsWith(hid + "_monitor_"));
    }
    return failed;
  }

  /** Whether a result fails: a probe may find any state, other actions must get the rc expected. */
  private static boolean failed(Event.OperationResult r, int expected) {
    boolean probe = r.task().equals("monitor") && r.intervalMs() == 0;
    int rc = OcfExitCode.healthy(r.rc());
    if (r.opStatus() != ExecStatus.DONE.code() && r.opStatus() != ExecStatus.ERROR.code()) {
      return r.opStatus() != ExecStatus.CANCELLED.code();
    } else if (probe) {
      return rc != SUCCESS.code() && rc != NOT_RUNNING.code() && rc != RUNNING_PROMOTED.code();
    } else {
      return rc != expected;
    }
  }

  private static int parseCount(String v) {
    if (v == null) {
      return 0;
    }
    if (v.equalsIgnoreCase("INFINITY") || v.equalsIgnoreCase("+INFINITY")) {
      return 1_000_000;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether the history says the resource is active on the node (last one-shot op). */
  boolean active(String node, String historyId) {
    Map<String, LrmRscOp> entries = node(node).history.get(historyId);
    if (entries == null) {
      return false;
    }
    LrmRscOp last = null;
    for (LrmRscOp o : entries.values()) {
      if (o.intervalMs() == 0 && (last == null || o.callId() > last.callId())) {
        last = o;
      }
    }
    if (last == null) {
      return false;
    }
    int rc = last.rcCode() == null ? 0 : last.rcCode();
    return switch (last.operation()) {
      case "stop" -> rc != 0;
      case "monitor" -> rc != 7 && rc != 5;
      case "migrate_to" -> rc != 0;
      default -> true;
    };
  }

  /** Whether any resource is active on the node as far as the history says. */
  boolean anyActive(String node) {
    for (String id : node(node).history.keySet()) {
      if (active(node, id)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The status section for a snapshot.
   *
   * @param configured the configuration's nodes
   * @param members the current membership
   * @param nowSec the time for the shutdown attribute
   * @param shuttingDown nodes that asked to leave
   */
  List<NodeState> status(
      List<Node> configured, Set<String> members, long nowSec, Set<String> shuttingDown) {
    List<NodeState> out = new ArrayList<>();
    for (Node n : configured) {
      NodeBook b = node(n.uname());
      String id = n.id() == null ? n.uname() : n.id();
      String inCcm;
      String crmd;
      String join;
      String expected;
      boolean withHistory;
      if (b.mustFence) {
        // Left uncleanly or never seen by this DC: unclean until fenced, whatever it does now.
        inCcm = "false";
        crmd = "offline";
        join = "member";
        expected = "member";
        withHistory = true;
      } else if (b.fencedWhileMember) {
        // Fenced, though the view has not dropped it yet: down, and runs nothing.
        inCcm = "false";
        crmd = "offline";
        join = "down";
        expected = "down";
        withHistory = false;
      } else if (members.contains(n.uname()) && b.reported) {
        inCcm = "true";
        crmd = "online";
        join = "member";
        expected = "member";
        withHistory = true;
      } else if (members.contains(n.uname())) {
        inCcm = "true";
        crmd = "online";
        join = "pending";
        expected = "member";
        withHistory = false;
      } else {
        inCcm = "false";
        crmd = "offline";
        join = "down";
        expected = "down";
        withHistory = false;
      }
      Map<String, String> attrs = new TreeMap<>(b.attributes);
      if (shuttingDown.contains(n.uname())) {
        attrs.put("shutdown", Long.toString(Math.max(1, nowSec)));
      }
      List<NvPair> pairs = new ArrayList<>();
      attrs.forEach(
          (k, v) -> pairs.add(new NvPair("status-" + id + "-" + sanitize(k), k, v, null)));
      List<NvSet> sets =
          pairs.isEmpty()
              ? List.of()
              : List.of(new NvSet("status-" + id, null, null, null, pairs, Map.of()));
      List<LrmResource> lrm = new ArrayList<>();
      if (withHistory) {
        for (Map.Entry<String, Map<String, LrmRscOp>> e : b.history.entrySet()) {
          String[] agent =
              b.agents.getOrDefault(e.getKey(), new String[] {"ocf", "heartbeat", "Dummy"});
          List<LrmRscOp> ops = new ArrayList<>(e.getValue().values());
          ops.sort((x, y) -> Integer.compare(x.callId(), y.callId()));
          lrm.add(new LrmResource(e.getKey(), agent[0], agent[1], agent[2], ops, Map.of()));
        }
      }
      out.add(
          new NodeState(
              id,
              n.uname(),
              inCcm,
              crmd,
              join,
              expected,
              sets.isEmpty() ? null : "status-" + id,
              sets,
              "lrm-" + id,
              lrm.isEmpty() ? null : "lrm_resources-" + id,
              lrm,
              Map.of(),
              List.of()));
    }
    return out;
  }

  private static String sanitize(String s) {
    return s.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** The configuration's node names. */
  static List<String> names(Cib cib) {
    return cib.configuration().nodes().stream().map(Node::uname).toList();
  }
}
