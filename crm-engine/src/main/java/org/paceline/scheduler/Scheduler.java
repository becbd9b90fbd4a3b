package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.paceline.cib.Cib;
import org.paceline.cib.LocationConstraint;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.StatusUnpacker;
import org.paceline.unpack.Unpack;

/**
 * The policy engine: a pure, deterministic function from a CIB snapshot and "now" to a {@link
 * Transition}, following Pacemaker 2.1.5's scheduler. Stages: unpack status, expand resources,
 * unpack constraints, score and assign, plan actions.
 */
public final class Scheduler {
  private Scheduler() {}

  /** Schedules with "now" taken from the CIB's execution-date, else the epoch. */
  public static Transition schedule(Cib cib) {
    return schedule(cib, cib.executionDate() == null ? 0 : cib.executionDate());
  }

  /**
   * Which instance of each anonymous clone is on which node, numbered as Pacemaker numbers them
   * while it unpacks the history (the numbers crm_mon shows for a partly active group instance):
   * clone id, then node, then instance number.
   */
  public static Map<String, Map<String, Integer>> cloneInstances(Cib input, long nowEpochSeconds) {
    Cib cib = Unpack.withImplicitResources(input, nowEpochSeconds);
    ClusterStatus status = Unpack.currentStatus(cib, nowEpochSeconds);
    ResourceExpander ex = new ResourceExpander(cib, status, nowEpochSeconds);
    ex.expand();
    Map<String, Map<String, Integer>> out = new java.util.LinkedHashMap<>();
    for (TopLevelResource t : ex.tops) {
      if (!t.clone || t.unique) {
        continue;
      }
      Map<String, Integer> where = new java.util.LinkedHashMap<>();
      for (ResourceInstance u : t.instances) {
        for (PrimitiveInstance l : u.primitives) {
          for (ActiveInstance a : l.active) {
            where.putIfAbsent(a.node(), u.instance);
          }
        }
      }
      out.put(t.resource.id(), where);
    }
    return out;
  }

  /**
   * Computes what the cluster should do next.
   *
   * @param cib the snapshot (configuration and status)
   * @param nowEpochSeconds the time rules and failure-timeout are evaluated at
   */
  public static Transition schedule(Cib cib, long nowEpochSeconds) {
    return schedule(cib, nowEpochSeconds, stage -> {});
  }

  /**
   * As {@link #schedule(Cib, long)}, telling {@code stageDone} the name of each stage as it ends
   * (for benchmarks that time the stages; the scheduler itself reads no clock).
   */
  /**
   * Pacemaker Remote connections, guest containers (not a bundle's) and fencing devices cannot run
   * on a remote or guest node: -INFINITY there for each of them.
   */
  static List<LocationConstraint> remoteBans(List<NodeStatus> nodes, List<TopLevelResource> tops) {
    List<LocationConstraint> out = new ArrayList<>();
    for (NodeStatus n : nodes) {
      if (!n.remote()) {
        continue;
      }
      for (TopLevelResource t : tops) {
        org.paceline.cib.Resource r = t.resource;
        if (r instanceof org.paceline.cib.Clone c && c.child() != null) {
          r = c.child();
        }
        if (r instanceof org.paceline.cib.Primitive p
            && (StatusUnpacker.isRemoteConnection(p)
                || "stonith".equals(p.resourceClass())
                // A bundle's containers may run on remote nodes (pe_rsc_allow_remote_remotes):
                // their connections then run with the remote node's (BundleReplicas).
                || p.meta("remote-node").isPresent()
                    && !org.paceline.unpack.BundleExpansion.generated(p))) {
          out.add(
              LocationConstraint.of(
                  "remote-node-" + n.name(),
                  t.id(),
                  n.name(),
                  org.paceline.cib.Score.MINUS_INFINITY));
        }
      }
    }
    return out;
  }

  public static Transition schedule(Cib input, long nowEpochSeconds, Consumer<String> stageDone) {
    Cib cib = Unpack.withImplicitResources(input, nowEpochSeconds);
    ClusterStatus status = Unpack.currentStatus(cib, nowEpochSeconds);
    stageDone.accept("status");
    ResourceExpander ex = new ResourceExpander(cib, status, nowEpochSeconds);
    ex.expand();
    ConstraintUnpacker cu = new ConstraintUnpacker(ex.topOf);
    cu.unpack(cib.configuration().constraints());
    stageDone.accept("expand");
    Tickets tickets =
        Tickets.apply(
            cib,
            ex.topOf,
            status.nodes().stream().map(NodeStatus::name).toList(),
            status.stonithEnabled());
    status = status.withFencing(tickets.fence);
    List<LocationConstraint> derived = new ArrayList<>(tickets.locations);
    derived.addAll(NodeHealth.locations(cib, status.nodes(), ex.tops, ex));
    derived.addAll(remoteBans(status.nodes(), ex.tops));
    derived.addAll(ShutdownLocks.locations(cib, status.nodes(), ex.tops, status, nowEpochSeconds));
    UncleanCopies.drop(cib, ex.tops, status, ex);
    Placement placement =
        new Placement(cib, status, ex, cu.colocations, derived, tickets.frozen, nowEpochSeconds);
    placement.computeBaseScores();
    stageDone.accept("scores");
    placement.assignAll();
    stageDone.accept("assign");
    // Remote nodes whose connection placement cannot recover are fenced (get_remote_node_state).
    status = status.withoutFencing(RemoteConnectionFencing.revoked(ex, status));
    status = status.withFencing(RemoteConnectionFencing.reasons(ex, cib, status));
    ActionPlanner planner = new ActionPlanner(cib, status, ex, cu.orderings, cu.colocations);
    planner.plan();
    BlockedStops.apply(ex.tops, cu.orderings, planner.summary, planner.actions);
    RecurringHistory.plan(ex, cib, status, planner.actions, planner.edges);
    HistoryCleanup.plan(ex, cib, status, planner.actions, planner.edges);
    StoppedRoleMonitors.plan(ex, cib, status, planner.actions, planner.edges);
    stageDone.accept("plan");
    planner.probes();
    stageDone.accept("probes");
    planner.orderGraph();
    planner.notifications();
    GuestFencingImplied.apply(ex, status, planner.actions, planner.edges);
    UnreachableGuests.apply(cib, status, planner.actions, planner.summary);
    stageDone.accept("order");
    return new Transition(
        planner.actions,
        planner.edges,
        planner.summary,
        placement.scoreLines.freeze(),
        placement.finalScores,
        placement.contributions,
        status.nodes());
  }
}
