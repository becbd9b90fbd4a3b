package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Resource;

/**
 * Working state of one top-level resource (primitive, group or clone) during scheduling: its
 * instances, node scores (indexed like the node list) and placement. Mutable, confined to one
 * schedule call.
 */
final class TopLevelResource {
  final Resource resource;
  final int configOrder;
  final List<ResourceInstance> instances = new ArrayList<>();
  final boolean clone;
  final boolean promotable;
  final boolean unique;
  final int priority;
  int cloneMax;
  int cloneNodeMax = 1;
  int promotedMax = 1;
  int promotedNodeMax = 1;
  boolean interleave;

  /** A clone whose instances are told of each other's starts, stops and role changes. */
  boolean notify;

  boolean managed = true;
  boolean stoppedByRole;
  boolean promotionDisallowed;
  int stickiness;
  int[] scores;
  int[] promotionBonus;

  /** A group's own node scores (its own location constraints), for the score listing. */
  int[] groupOwn;

  /** What colocations changed in the scores at assignment (per node), for the listing. */
  int[] colocationDelta;

  /**
   * For a clone: what each of its finite-score colocations (as dependent) added to its scores, in
   * the order applied. Pacemaker applies these to each instance as it is assigned, rolling one back
   * when it would leave that instance no usable node.
   */
  java.util.List<int[]> finiteColocations = new java.util.ArrayList<>();

  /**
   * The scores before colocations were applied (locations, failures, ...): what a clone instance's
   * own allowed nodes hold when Pacemaker sorts the instances.
   */
  int[] preColocationScores;

  /** A location constraint's resource-discovery, highest wins on a node (rsc_discover_mode). */
  enum Discovery {
    ALWAYS,
    NEVER,
    EXCLUSIVE
  }

  /** Per node name, the resource-discovery its location constraints set (absent: always). */
  final java.util.Map<String, Discovery> discovery = new java.util.HashMap<>();

  /** Whether a resource-discovery=exclusive constraint names it: probed only on such nodes. */
  boolean exclusiveDiscover;

  /**
   * For a clone: its scores with only the negative preferences of the resources colocated with it
   * merged in, which is all its instances see when the clone has an instance for every node
   * (Pacemaker's append_parent_colocation without all_coloc).
   */
  int[] instanceScores;

  boolean assigned;
  boolean assigning;
  String blockedReason;

  TopLevelResource(
      Resource resource,
      int configOrder,
      boolean clone,
      boolean promotable,
      boolean unique,
      int priority) {
    this.resource = resource;
    this.configOrder = configOrder;
    this.clone = clone;
    this.promotable = promotable;
    this.unique = unique;
    this.priority = priority;
  }

  String id() {
    return resource.id();
  }

  List<PrimitiveInstance> primitives() {
    List<PrimitiveInstance> all = new ArrayList<>();
    for (ResourceInstance u : instances) {
      all.addAll(u.primitives);
    }
    return all;
  }

  /** Nodes (by name) where an instance will run after the transition. */
  List<String> assignedNodes() {
    List<String> nodes = new ArrayList<>();
    for (ResourceInstance u : instances) {
      if (u.assigned != null && !nodes.contains(u.assigned)) {
        nodes.add(u.assigned);
      }
    }
    return nodes;
  }
}
