package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * Unfencing ("Fence (on)"), used once a fencing device says provides=unfencing: Pacemaker 2.1.5
 * then defaults every other resource to requires=unfencing and unfences a node before a fencing
 * device or such a resource is probed or started there (pcmk__order_vs_unfence, trigger_unfencing),
 * unless the node's {@code #node-unfenced} attribute says it was done; a fencing device whose
 * definition changed unfences its node again. A required unfencing restarts what requires it on
 * that node (pe_order_implies_then_on_node).
 */
final class Unfencing {
  private Unfencing() {}

  /** The node attribute the fencer sets once a node is unfenced (CRM_ATTR_UNFENCED). */
  static final String UNFENCED_ATTRIBUTE = "#node-unfenced";

  /**
   * Decides which nodes are unfenced, restarts what requires unfencing on them, and adds the "Fence
   * (on)" items and fencing actions. Runs after changed definitions are marked and before restarts
   * spread to dependents.
   */
  static void plan(
      Cib cib,
      ClusterStatus status,
      ResourceExpander ex,
      List<SummaryItem> summary,
      List<Action> actions) {
    if (!status.stonithEnabled() || !enabled(cib)) {
      return;
    }
    Map<String, String> unfence = new LinkedHashMap<>(); // node -> reason
    // A probe of a fencing device, or of a resource that requires unfencing.
    List<Action> probes = new ArrayList<>();
    Probes.plan(ex, cib, status, probes);
    Map<String, PrimitiveInstance> leafByName = new LinkedHashMap<>();
    for (TopLevelResource t : ex.tops) {
      for (PrimitiveInstance l : t.primitives()) {
        leafByName.putIfAbsent(l.name, l);
        leafByName.putIfAbsent(l.primitive.id(), l);
      }
    }
    for (Action p : probes) {
      PrimitiveInstance l = leafByName.get(p.resource());
      if (l != null && (fenceDevice(l.primitive) || requiresUnfencing(ex, l.primitive))) {
        need(status, unfence, p.node(), "required by " + p.resource() + " monitor", false);
      }
    }
    boolean symmetric = ClusterOption.SYMMETRIC_CLUSTER.enabled(cib.configuration());
    for (TopLevelResource t : ex.tops) {
      for (PrimitiveInstance l : t.primitives()) {
        if (fenceDevice(l.primitive)) {
          if (l.definitionChanged && l.currentNode() != null) {
            need(status, unfence, l.currentNode(), "Device parameters changed", true);
          }
        } else if (t.managed && !l.unmanaged && symmetric && requiresUnfencing(ex, l.primitive)) {
          // Its start on every node it may run on is ordered after that node's unfencing; a node
          // where it is banned (-INFINITY, as a bundle's guest node is for everything else) is
          // not one of them.
          List<NodeStatus> nodes = status.nodes();
          for (int i = 0; i < nodes.size(); i++) {
            if (t.scores == null || t.scores[i] > -Placement.INF) {
              need(status, unfence, nodes.get(i).name(), "required by " + l.name + " start", false);
            }
          }
        }
      }
    }
    // A fencing device's history on a node written by another agent (pcmk__rsc_agent_changed),
    // whether or not it is active there.
    for (org.paceline.cib.NodeState s : cib.status()) {
      for (org.paceline.cib.LrmResource lr : s.lrmResources()) {
        PrimitiveInstance l = leafByName.get(lr.id());
        if (l != null
            && fenceDevice(l.primitive)
            && !lr.ops().isEmpty()
            && DefinitionChanges.agentChanged(l.primitive, lr)) {
          need(status, unfence, s.uname(), "Device definition changed", true);
        }
      }
    }
    for (Map.Entry<String, String> e : unfence.entrySet()) {
      summary.add(new SummaryItem("Fence (on)", e.getKey(), null, e.getValue()));
      actions.add(
          new Action(
              "stonith-" + e.getKey() + "-on", null, ActionTask.STONITH, 0, e.getKey(), true));
      for (TopLevelResource t : ex.tops) {
        if (!t.managed) {
          continue;
        }
        for (PrimitiveInstance l : t.primitives()) {
          if (!l.unmanaged
              && !l.restart
              && !l.blocked
              && !l.failed()
              && !fenceDevice(l.primitive)
              && e.getKey().equals(l.currentNode())
              && e.getKey().equals(l.instance.assigned)
              && requiresUnfencing(ex, l.primitive)) {
            l.restart = true;
            l.restartReason = "due to required stonith";
          }
        }
      }
    }
  }

  /**
   * trigger_unfencing: only a node that is up, clean and not shutting down is unfenced; a changed
   * device unfences again ({@code again}), anything else only a node not unfenced yet.
   */
  private static void need(
      ClusterStatus status,
      Map<String, String> unfence,
      String node,
      String reason,
      boolean again) {
    NodeStatus n = status.node(node);
    if (n == null || !n.online() || n.unclean() || n.shutdown()) {
      return;
    }
    String done = n.attributes().get(UNFENCED_ATTRIBUTE);
    if (again || done == null || done.equals("0")) {
      unfence.putIfAbsent(node, reason);
    }
  }

  /** Whether some fencing device provides unfencing (Pacemaker's pe_flag_enable_unfencing). */
  static boolean enabled(Cib cib) {
    return cib.configuration()
        .allResources()
        .anyMatch(
            r ->
                r instanceof Primitive p
                    && fenceDevice(p)
                    && (provides(p.instanceAttributes()) || provides(p.metaAttributes())));
  }

  private static boolean provides(List<NvSet> sets) {
    for (NvSet s : sets) {
      for (NvPair p : s.nvpairs()) {
        if ("provides".equals(p.name()) && "unfencing".equals(p.value())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean fenceDevice(Primitive p) {
    return "stonith".equals(p.resourceClass());
  }

  /**
   * requires=unfencing, which is the default of every resource but a fencing device once unfencing
   * is enabled (a fencing device needs quorum only).
   */
  private static boolean requiresUnfencing(ResourceExpander ex, Primitive p) {
    return !fenceDevice(p) && ex.inheritedMeta(p, "requires").map("unfencing"::equals).orElse(true);
  }
}
