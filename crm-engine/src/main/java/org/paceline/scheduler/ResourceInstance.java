package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Role;

/**
 * Working state of what is placed on one node as a whole: a primitive, a group, or one clone
 * instance (of a primitive or a group). Mutable, confined to one schedule call.
 */
final class ResourceInstance {
  final String id;
  final TopLevelResource top;
  final int instance;
  final List<PrimitiveInstance> primitives = new ArrayList<>();
  String assigned;
  Role nextRole = Role.STARTED;
  int promotionScore = Integer.MIN_VALUE;

  /** A clone instance's own node scores (before the clone's colocations), for the listing. */
  int[] own;

  /** A promotable instance's positive promotion scores per node, added to its placement. */
  int[] promotionPull;

  /**
   * The instance's priority when Pacemaker sorts instances for assignment: the configured priority,
   * raised to its best promotion score on an available node (pcmk__add_promotion_scores).
   */
  int assignPriority;

  ResourceInstance(String id, TopLevelResource top, int instance) {
    this.id = id;
    this.top = top;
    this.instance = instance;
    this.assignPriority = top.priority;
  }

  /** The node where the instance's first active member runs, or null. */
  /**
   * An interleaved then instance with no instance of its first on its node: Pacemaker unassigns it
   * ("no instance to interact with"), so its start is not listed as blocked, nor that of its own
   * interleaved thens.
   */
  boolean inhibited;

  String currentNode() {
    for (PrimitiveInstance l : primitives) {
      if (l.currentNode() != null) {
        return l.currentNode();
      }
    }
    return null;
  }

  Role currentRole() {
    for (PrimitiveInstance l : primitives) {
      if (l.currentNode() != null) {
        return l.currentRole();
      }
    }
    return Role.STOPPED;
  }

  int activeLeaves() {
    int n = 0;
    for (PrimitiveInstance l : primitives) {
      if (l.currentNode() != null) {
        n++;
      }
    }
    return n;
  }
}
