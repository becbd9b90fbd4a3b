package org.paceline.unpack;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Node;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;

/**
 * Unpacks one node's state as Pacemaker 2.1.5's unpack_nodes and determine_online_status do:
 * attributes for rules, membership, and the reason a node is unclean.
 */
final class NodeUnpacker {
  private final Cib cib;
  private final long now;

  NodeUnpacker(Cib cib, long nowEpochSeconds) {
    this.cib = cib;
    this.now = nowEpochSeconds;
  }

  /**
   * A configured node's status: its attributes (configured sets whose rules hold, overlaid by
   * transient ones) and whether it is online, unclean (and why), standby, in maintenance or
   * shutting down.
   */
  NodeStatus nodeStatus(Node n, NodeState s, boolean stonith) {
    Map<String, String> attrs = new HashMap<>();
    attrs.put("#uname", n.uname());
    attrs.put("#id", n.id());
    attrs.put("#kind", "cluster");
    attrs.put("#is_dc", Boolean.toString(n.id() != null && n.id().equals(cib.dcUuid())));
    // Pacemaker's unpack_nodes: the sets by precedence (score, then document order), each only
    // while its rule holds at "now" (no node attributes are known to that rule); the first set
    // that names an attribute wins. Transient attributes override them below.
    RuleEvaluator rules = null;
    for (NvSet set : NvSet.byPrecedence(n.instanceAttributes())) {
      if (set.rule() != null) {
        rules = rules == null ? new RuleEvaluator(now) : rules;
        if (!rules.matches(set.rule(), Map.of())) {
          continue;
        }
      }
      for (NvPair p : set.nvpairs()) {
        attrs.putIfAbsent(p.name(), p.value());
      }
    }
    boolean online = false;
    boolean pending = false;
    boolean unclean = false;
    String reason = null;
    if (s != null) {
      for (NvSet set : s.transientAttributes()) {
        for (NvPair p : set.nvpairs()) {
          if (p.value() != null) {
            attrs.put(p.name(), p.value());
          }
        }
      }
      // Pacemaker 2.1.5's determine_online_status_fencing / _no_fencing, rule for rule.
      boolean inCluster = StatusUnpacker.truthy(s.inCcm());
      boolean crmdOnline = "online".equalsIgnoreCase(s.crmd());
      String join = s.join();
      String expected = s.expected() == null ? "down" : s.expected();
      String shutdownNow = shutdownRequest(s, attrs);
      boolean shuttingDown = shutdownNow != null && StatusUnpacker.truthy(shutdownNow);
      String terminateAttr = attrs.get("terminate");
      boolean terminate =
          terminateAttr != null
              && (StatusUnpacker.truthy(terminateAttr)
                  || (!terminateAttr.isEmpty()
                      && terminateAttr.charAt(0) != '0'
                      && Character.isDigit(terminateAttr.charAt(0))));
      if (!stonith) {
        // Without fencing nothing is unclean here: a node is a joined member or it is down
        // (Pacemaker calls a member whose controller vanished "unexpectedly down", yet with
        // fencing disabled it recovers its resources elsewhere all the same).
        online = inCluster && crmdOnline && "member".equalsIgnoreCase(join);
      } else if (shuttingDown) {
        online = crmdOnline && inCluster && "member".equalsIgnoreCase(join);
      } else if (s.inCcm() == null) {
        unclean = true;
        reason = "peer has not been seen by the cluster";
      } else if ("banned".equalsIgnoreCase(join)) { // CRMD_JOINSTATE_NACK
        unclean = true;
        reason = "peer failed Pacemaker membership criteria";
      } else if (!terminate && expected.equalsIgnoreCase("down")) {
        online = false; // down, still coming up, or not ready to run resources (pending)
        pending = inCluster; // Pacemaker counts a pending node in the membership online
      } else if (terminate && "down".equalsIgnoreCase(join) && !inCluster && !crmdOnline) {
        online = false; // was just shot
      } else if (!inCluster) {
        unclean = true;
        reason = "peer is no longer part of the cluster";
      } else if (!crmdOnline) {
        unclean = true;
        reason = "peer process is no longer available";
      } else if (terminate) {
        unclean = true;
        reason = "termination was requested";
      } else if ("member".equalsIgnoreCase(join)) {
        online = true;
      } else if ("pending".equalsIgnoreCase(join) || "down".equalsIgnoreCase(join)) {
        online = false; // not ready to run resources
        pending = true;
      } else {
        unclean = true;
        reason = "peer was in an unknown state";
      }
    }
    boolean standby =
        Optional.ofNullable(attrs.get("standby")).map(CibBooleans::isTrue).orElse(false);
    boolean maint =
        Optional.ofNullable(attrs.get("maintenance")).map(CibBooleans::isTrue).orElse(false);
    String shutdownAttr = s == null ? null : shutdownRequest(s, attrs);
    boolean shutdown = shutdownAttr != null && StatusUnpacker.truthy(shutdownAttr);
    return new NodeStatus(
        n.uname(), online, unclean, reason, standby, maint, shutdown, Map.copyOf(attrs), pending);
  }

  /**
   * The shutdown request of a node: 2.1.5's pe__shutdown_requested reads the transient node
   * attribute; the node_state attribute of the same name (old CIBs) counts only without one.
   */
  private static String shutdownRequest(NodeState s, Map<String, String> attrs) {
    String transientValue = attrs.get("shutdown");
    return transientValue != null ? transientValue : s.otherAttributes().get("shutdown");
  }
}
