package org.paceline.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Node;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * The report's nodes: each node's state in crm_mon's words, as the status unpacking reads it, with
 * what crm_mon adds for display (a node never seen is UNCLEAN while startup fencing holds).
 */
final class NodeEntries {
  private NodeEntries() {}

  /** One entry per node, in {@code nodeNames}' order. */
  static List<NodeEntry> build(
      ClusterSnapshot snap, Cib cib, ClusterStatus status, List<String> nodeNames) {
    Map<String, Integer> running = new HashMap<>();
    for (List<ActiveInstance> list : status.active().values()) {
      for (ActiveInstance a : list) {
        running.merge(a.node(), 1, Integer::sum);
      }
    }
    List<NodeEntry> nodes = new ArrayList<>();
    for (String name : nodeNames) {
      NodeStatus n = displayed(cib, status, status.node(name));
      String id = cib.configuration().node(name).map(Node::id).orElse(null);
      Instant last = snap.lastReported().get(name);
      nodes.add(
          new NodeEntry(
              name,
              id,
              nodeState(
                  n,
                  running.getOrDefault(name, 0) > 0,
                  cib.nodeState(name)
                      .map(st -> "pending".equals(st.join()) && "online".equals(st.crmd()))
                      .orElse(false),
                  member(cib, n)),
              n.online(),
              n.unclean(),
              n.standby(),
              n.maintenance(),
              n.shutdown(),
              name.equals(snap.dc()),
              last == null ? null : last.toString(),
              running.getOrDefault(name, 0),
              nodeKind(n)));
    }
    return nodes;
  }

  /**
   * Pacemaker shows a node that has never reported (no node_state) as UNCLEAN (offline) while
   * fencing and startup-fencing are enabled: nothing proves it runs nothing.
   */
  static NodeStatus displayed(Cib cib, ClusterStatus status, NodeStatus n) {
    boolean startupFencing = ClusterOption.STARTUP_FENCING.enabled(cib.configuration());
    if (n.online()
        || n.unclean()
        || !status.stonithEnabled()
        || !startupFencing
        || cib.nodeState(n.name()).isPresent()) {
      return n;
    }
    return n.withOnline(false).withFencing(true, "node has never been seen");
  }

  /**
   * Whether the membership still has a cluster node (its node_state's in_ccm): up, even when it
   * must be fenced. Remote and guest nodes have no membership of their own.
   */
  static boolean member(Cib cib, NodeStatus n) {
    return !n.remote()
        && cib.nodeState(n.name())
            .map(st -> st.inCcm() != null && !List.of("false", "0").contains(st.inCcm()))
            .orElse(false);
  }

  /** member, remote (a Pacemaker Remote node) or guest (a resource's remote-node). */
  static String nodeKind(NodeStatus n) {
    return switch (String.valueOf(n.attributes().get("#kind"))) {
      case "remote" -> "remote";
      case "container" -> "guest";
      default -> "member";
    };
  }

  /**
   * crm_mon's word for a node's state. {@code pending}: it is up but has not finished joining (its
   * node_state says join="pending"); {@code member}: the membership still has it, which is what an
   * unclean node's "(online)" says (it is up, but must be fenced).
   */
  static String nodeState(NodeStatus n, boolean hasResources, boolean pending, boolean member) {
    if (n.unclean()) {
      return n.online() || member ? "UNCLEAN (online)" : "UNCLEAN (offline)";
    }
    if (pending) {
      return "pending";
    }
    if (n.standby()) {
      if (!n.online()) {
        return "OFFLINE (standby)";
      }
      return hasResources ? "standby (with active resources)" : "standby";
    }
    if (n.maintenance()) {
      return n.online() ? "maintenance" : "OFFLINE (maintenance)";
    }
    return n.online() ? "online" : "OFFLINE";
  }
}
