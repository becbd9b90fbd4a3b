package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.StatusUnpacker;

/**
 * The Pacemaker Remote nodes that must be fenced once placement shows their connection cannot be
 * recovered: Pacemaker 2.1.5's get_remote_node_state ("failed") as pcmk__schedule_probes and
 * apply_remote_ordering use it. Only a fencing can then stop (or tell the state of) what runs on
 * such a node, because no connection will reach it in this transition.
 */
final class RemoteConnectionFencing {
  private RemoteConnectionFencing() {}

  /**
   * Per remote node to fence, crm_simulate's reason: offline ones "the connection is unrecoverable"
   * (the probe stage), online ones for a resource active there ("resources are active ...") or one
   * not yet probed there ("resources are in unknown state ...").
   */
  static Map<String, String> reasons(ResourceExpander ex, Cib cib, ClusterStatus status) {
    Map<String, String> out = new LinkedHashMap<>();
    List<Action> probes = null;
    for (NodeStatus n : status.nodes()) {
      if (!"remote".equals(n.attributes().get("#kind")) || n.unclean()) {
        continue; // guest nodes are fenced through their container
      }
      TopLevelResource t = ex.topOf.get(n.name());
      if (t == null
          || t.clone
          || t.instances.isEmpty()
          || !t.managed
          || !(t.resource instanceof org.paceline.cib.Primitive p)
          || !StatusUnpacker.isRemoteConnection(p)
          || !failed(ex, cib, t.instances.get(0).primitives.get(0), n, status)) {
        continue; // an unmanaged connection's node is never fenced (pe_fence_node)
      }
      if (!n.online()) {
        out.put(n.name(), "the connection is unrecoverable");
      } else if (activeOn(ex, n.name())) {
        out.put(n.name(), "resources are active but connection is unrecoverable");
      } else {
        if (probes == null) {
          probes = new ArrayList<>();
          Probes.plan(ex, cib, status, probes);
        }
        if (probes.stream().anyMatch(a -> n.name().equals(a.node()))) {
          out.put(n.name(), "resources are in unknown state and connection is unrecoverable");
        }
      }
    }
    return out;
  }

  /**
   * get_remote_node_state's "failed": the connection will not run anywhere, and either it is on a
   * node that is unclean, or it failed (unless a reconnect_interval waits to try it again on a node
   * already fenced that is not shutting down: its state is unknown until then).
   */
  private static boolean failed(
      ResourceExpander ex,
      Cib cib,
      PrimitiveInstance connection,
      NodeStatus node,
      ClusterStatus status) {
    if (connection.instance.assigned != null) {
      return false;
    }
    NodeStatus host = status.node(connection.currentNode());
    if (host != null && host.unclean()) {
      return true;
    }
    if (!connection.failed()) {
      return false; // cleanly stopped
    }
    boolean reconnectWaits =
        StatusUnpacker.reconnects(connection.primitive)
            && cib.nodeState(node.name())
                .map(s -> StatusUnpacker.truthy(s.otherAttributes().get("node_fenced")))
                .orElse(false)
            && !StatusUnpacker.truthy(node.attributes().get("shutdown"));
    return !reconnectWaits;
  }

  /**
   * The remote nodes whose "unseen" fencing is revoked because their connection is placed (2.1.5's
   * remote_connection_assigned): they are clean after all.
   */
  static java.util.Set<String> revoked(ResourceExpander ex, ClusterStatus status) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (NodeStatus n : status.nodes()) {
      TopLevelResource t = ex.topOf.get(n.name());
      if (n.fenceRevocable()
          && t != null
          && !t.instances.isEmpty()
          && t.instances.get(0).assigned != null
          && !t.stoppedByRole) {
        out.add(n.name());
      }
    }
    return out;
  }

  /**
   * The Pacemaker Remote and guest nodes that are offline now but come up in this transition: their
   * connection is placed and not stopping, and the node is not to be fenced (2.1.5's
   * remote_connection_assigned marks them online, so pcmk__schedule_probes probes them through the
   * starting connection).
   */
  static java.util.Set<String> comingUp(ResourceExpander ex, ClusterStatus status) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (NodeStatus n : status.nodes()) {
      if (n.online() || n.unclean() || !n.remote()) {
        continue;
      }
      TopLevelResource t = ex.topOf.get(n.name());
      if (t != null
          && !t.clone
          && t.resource instanceof org.paceline.cib.Primitive p
          && StatusUnpacker.isRemoteConnection(p)
          && !t.instances.isEmpty()
          && t.instances.get(0).assigned != null
          && !t.stoppedByRole) {
        out.add(n.name());
      }
    }
    return out;
  }

  /** Whether some resource (configured or orphaned) is active on the node: it needs a stop. */
  private static boolean activeOn(ResourceExpander ex, String node) {
    for (TopLevelResource t : ex.tops) {
      for (PrimitiveInstance l : t.primitives()) {
        for (ActiveInstance a : l.active) {
          if (node.equals(a.node())) {
            return true;
          }
        }
      }
    }
    return ex.orphans.values().stream().flatMap(List::stream).anyMatch(a -> node.equals(a.node()));
  }
}
