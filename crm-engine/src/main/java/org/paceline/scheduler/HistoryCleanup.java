package org.paceline.scheduler;

import java.util.List;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.LrmResource;
import org.paceline.cib.NodeState;
import org.paceline.cib.Primitive;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * The delete actions that clean a node's resource history (Pacemaker 2.1.5's {@code
 * process_rsc_history} calling {@code DeleteRsc}): the history of a resource no longer configured,
 * and that of a primitive whose agent changed since it was recorded.
 */
final class HistoryCleanup {
  private HistoryCleanup() {}

  /** One resource history's identity and agent, judged once for every node. */
  private record Judged(String id, String resourceClass, String provider, String type) {}

  /** Adds a delete per history entry to clean, after the resource's stop there. */
  static void plan(
      ResourceExpander ex,
      Cib cib,
      ClusterStatus status,
      List<Action> actions,
      List<OrderEdge> edges) {
    // The same resource's history is on every node: judge each (id, agent) once, not per node.
    java.util.Map<Judged, Boolean> judged = new java.util.HashMap<>();
    for (NodeState s : cib.status()) {
      NodeStatus n = status.node(s.uname());
      // Only the histories of nodes that can run actions are checked, or in maintenance
      // (pcmk__handle_rsc_config_changes); DeleteRsc then needs the node online and clean.
      if (n == null || !n.online() || n.unclean() || !n.maintenance() && !n.canRunResources()) {
        continue;
      }
      for (LrmResource r : s.lrmResources()) {
        if (r.ops().isEmpty()) {
          continue;
        }
        // A record key hashes with the strings' cached hashes (no string built per entry).
        Judged judgedKey = new Judged(r.id(), r.resourceClass(), r.provider(), r.type());
        if (judged.computeIfAbsent(
            judgedKey, k -> needsDelete(ex, cib, r) && !failed(ex, r.id()))) {
          String key = r.id() + "_delete_0";
          actions.add(new Action(key, r.id(), ActionTask.DELETE, 0, n.name(), true));
          edges.add(new OrderEdge(r.id() + "_stop_0", key, false, "delete after stop"));
        }
      }
    }
  }

  /**
   * An entry of a resource not configured as a primitive, unless left unmanaged (an orphan
   * Pacemaker leaves alone, or the cluster in maintenance: its delete is optional then), or of a
   * managed primitive whose agent changed. An entry of an anonymous clone's instance is the clone's
   * (Pacemaker skips orphaned instances of those).
   */
  private static boolean needsDelete(ResourceExpander ex, Cib cib, LrmResource r) {
    String base = org.paceline.cib.HistoryIds.baseId(r.id());
    for (String id : new String[] {r.id(), base}) {
      TopLevelResource t = ex.topOf.get(id);
      if (t == null || id.equals(base) && !id.equals(r.id()) && !t.clone) {
        continue;
      }
      for (PrimitiveInstance l : t.primitives()) {
        if (l.primitive.id().equals(id)) {
          return t.managed && DefinitionChanges.agentChanged(l.primitive, r);
        }
      }
      if (t.clone && cib.configuration().resource(id).orElse(null) instanceof Primitive) {
        return false; // an instance the clone no longer has (clone-max): an orphaned instance
      }
    }
    return ClusterOption.STOP_ORPHAN_RESOURCES.enabled(cib.configuration())
        && !ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration());
  }

  /** A resource with a failed operation is not deleted (DeleteRsc, pe_rsc_failed). */
  private static boolean failed(ResourceExpander ex, String id) {
    for (ActiveInstance a : ex.orphans.getOrDefault(id, List.of())) {
      if (a.failed()) {
        return true;
      }
    }
    TopLevelResource t = ex.topOf.get(id);
    if (t != null) {
      for (PrimitiveInstance l : t.primitives()) {
        if (l.name.equals(id) && l.failed()) {
          return true;
        }
      }
    }
    return false;
  }
}
