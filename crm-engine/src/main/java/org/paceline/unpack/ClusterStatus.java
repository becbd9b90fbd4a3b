package org.paceline.unpack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The unpacked status section: nodes, where each primitive is active, its failures.
 *
 * @param nodes every configured node (and status-only nodes), in configuration order
 * @param active per history id (a primitive id, possibly with a clone suffix): where it is active
 * @param failCounts per history id without clone suffix, per node: the (unexpired) fail count
 * @param startFailed per history id without clone suffix: nodes where its last start failed
 * @param hardErrors per history id without clone suffix: nodes where an agent reported a hard error
 *     (rc 2, 4 or 5): Pacemaker bans the resource there; rc 6 bans it everywhere
 * @param haveQuorum whether the partition has quorum
 * @param stonithEnabled whether fencing is enabled
 * @param nodesByName the nodes by name, for lookups
 * @param guestFences guest nodes "fenced" by recovering their failed container, each to that
 *     container's id (Pacemaker's guest fencing is a pseudo action)
 * @param stoppedByFailure primitives (history ids without clone suffix) with a failure whose
 *     on-fail is {@code stop}: Pacemaker keeps them stopped until the failure is cleared
 * @param failureIgnored primitives (history ids without clone suffix) with a failure that
 *     on-fail=ignore pretended succeeded: their migration-threshold is ignored too
 * @param partialMigrations per history id: its partial migration, if it has one
 * @param containerRestarts per container id: the nodes where a filler's failure (on-fail
 *     restart-container) stops the container, so that it restarts (Pacemaker's process_rsc_state)
 */
public record ClusterStatus(
    List<NodeStatus> nodes,
    Map<String, List<ActiveInstance>> active,
    Map<String, Map<String, Integer>> failCounts,
    Map<String, List<String>> startFailed,
    Map<String, List<String>> hardErrors,
    boolean haveQuorum,
    boolean stonithEnabled,
    Map<String, NodeStatus> nodesByName,
    Map<String, String> guestFences,
    Set<String> stoppedByFailure,
    Set<String> failureIgnored,
    Map<String, PartialMigration> partialMigrations,
    Map<String, Set<String>> containerRestarts) {

  /** The nodes by name (the first of a name wins), for {@code nodesByName}. */
  public static Map<String, NodeStatus> byName(List<NodeStatus> nodes) {
    Map<String, NodeStatus> byName = new HashMap<>();
    for (NodeStatus n : nodes) {
      byName.putIfAbsent(n.name(), n);
    }
    return Map.copyOf(byName);
  }

  /**
   * This status with more nodes to fence (a decision taken after the status unpack, such as a lost
   * ticket with loss-policy=fence): each named node that is not unclean yet becomes unclean with
   * the given reason.
   */
  public ClusterStatus withFencing(Map<String, String> reasons) {
    if (reasons.isEmpty()) {
      return this;
    }
    List<NodeStatus> out = new java.util.ArrayList<>(nodes.size());
    for (NodeStatus n : nodes) {
      String why = reasons.get(n.name());
      out.add(why == null || n.unclean() ? n : n.withFencing(true, why));
    }
    return withNodes(out);
  }

  /** This status with the named nodes clean again (a fencing revoked after placement). */
  public ClusterStatus withoutFencing(Set<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    List<NodeStatus> out = new java.util.ArrayList<>(nodes.size());
    for (NodeStatus n : nodes) {
      out.add(!names.contains(n.name()) ? n : n.withFencing(false, null));
    }
    return withNodes(out);
  }

  /** This status with other node states, everything else the same. */
  private ClusterStatus withNodes(List<NodeStatus> out) {
    return new ClusterStatus(
        List.copyOf(out),
        active,
        failCounts,
        startFailed,
        hardErrors,
        haveQuorum,
        stonithEnabled,
        byName(out),
        guestFences,
        stoppedByFailure,
        failureIgnored,
        partialMigrations,
        containerRestarts);
  }

  /** A node by name, or null. */
  public NodeStatus node(String name) {
    return name == null ? null : nodesByName.get(name);
  }
}
