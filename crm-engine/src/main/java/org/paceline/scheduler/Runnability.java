package org.paceline.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Role;
import org.paceline.unpack.MetaLookup;

/**
 * Which planned starts and promotions cannot happen: Pacemaker's unrunnable actions. A mandatory
 * order whose first cannot start (or promote) blocks its then (all of it, per node for interleaved
 * clones, or as the clone-one-or-more and one-or-more pseudo actions decide), and a mandatory
 * colocation with a resource that cannot run anywhere stops its dependent; repeated until nothing
 * changes.
 */
final class Runnability {
  /**
   * A stop that 2.1.5 lists without any "due to ..." (see {@link PrimitiveInstance#restartReason}).
   */
  static final String NO_REASON = "";

  private final ResourceExpander ex;
  private final List<Ordering> orderings;
  private final List<Colocation> colocations;

  Runnability(ResourceExpander ex, List<Ordering> orderings, List<Colocation> colocations) {
    this.ex = ex;
    this.orderings = orderings;
    this.colocations = colocations;
  }

  private boolean runs(TopLevelResource t, String action, String onNode) {
    return runs(t, action, onNode, false, null);
  }

  /**
   * Whether {@code t} can carry out {@code action} after the transition (on {@code onNode} if
   * given). As the first of an order, a group (or a clone's group instance) runs only when every
   * member does: the order waits for its "running" pseudo action, which needs all members started;
   * an order on one member ({@code member}) needs only that one.
   */
  private boolean runs(
      TopLevelResource t, String action, String onNode, boolean asFirst, String member) {
    for (ResourceInstance u : t.instances) {
      if (onNode != null && !onNode.equals(u.assigned)) {
        continue;
      }
      if (u.assigned == null) {
        continue;
      }
      boolean anyLeaf = false;
      boolean allLeaves = true;
      for (PrimitiveInstance l : u.primitives) {
        if (member != null && !member.equals(l.primitive.id())) {
          continue;
        }
        if (!l.blocked) {
          anyLeaf = true;
        } else {
          allLeaves = false;
        }
      }
      if (!anyLeaf || (asFirst && !allLeaves)) {
        continue;
      }
      if (action.equals("promote") && u.nextRole != Role.PROMOTED) {
        continue;
      }
      return true;
    }
    return false;
  }

  /** A mandatory order whose first cannot happen makes its then unrunnable (Pacemaker). */
  void blockUnrunnable() {
    boolean changed = true;
    for (int round = 0; changed && round < 20; round++) {
      changed = false;
      // The orders first, until nothing changes: an unrunnable start reaches its order's thens
      // before its colocated dependents, so a dependent also ordered after it shows the order's
      // reason, listed as a blocked start (as 2.1.5 does for a bundle's guest connection).
      boolean ordersChanged = true;
      for (int r = 0; ordersChanged && r < 20; r++) {
        ordersChanged = blockOrdered();
        changed |= ordersChanged;
      }
      changed |= blockColocated();
      changed |= blockOnUnrunnableConnections();
    }
  }

  /**
   * A start on a remote or guest node is ordered after its connection's start (Pacemaker's
   * pcmk__order_remote_connection_actions, runnable-left): when the connection cannot start, what
   * would start there cannot either, for the connection's reason.
   */
  private boolean blockOnUnrunnableConnections() {
    boolean changed = false;
    for (TopLevelResource t : ex.tops) {
      for (ResourceInstance u : t.instances) {
        TopLevelResource connection = u.assigned == null ? null : ex.topOf.get(u.assigned);
        if (connection == null
            || connection == t
            || !(connection.resource instanceof org.paceline.cib.Primitive p)
            || !org.paceline.unpack.StatusUnpacker.isRemoteConnection(p)) {
          continue;
        }
        PrimitiveInstance link = connection.instances.get(0).primitives.get(0);
        if (!link.blocked || link.currentNode() != null) {
          continue;
        }
        for (PrimitiveInstance l : u.primitives) {
          if (!l.blocked && !u.assigned.equals(l.currentNode())) {
            l.blocked = true;
            l.restartReason = link.restartReason;
            l.listBlockedStart = true;
            changed = true;
          }
        }
      }
    }
    return changed;
  }

  /** One pass over the mandatory orders; whether it blocked anything. */
  private boolean blockOrdered() {
    boolean changed = false;
    {
      Map<String, Boolean> oneOrMoreRuns = new HashMap<>();
      for (Ordering o : orderings) {
        if (o.oneOrMore() != null && o.mandatory() && ActionPlanner.isUp(o.firstAction())) {
          oneOrMoreRuns.merge(
              o.oneOrMore() + "\u0000" + o.then().id(),
              runs(o.first(), o.firstAction(), null),
              Boolean::logicalOr);
        }
      }
      for (Ordering o : orderings) {
        if (!o.mandatory()
            || !ActionPlanner.isUp(o.firstAction())
            || !ActionPlanner.isUp(o.thenAction())) {
          continue;
        }
        if (o.oneOrMore() != null) {
          // Pacemaker's one-or-more pseudo action: one runnable first of the set is enough.
          if (!oneOrMoreRuns.get(o.oneOrMore() + "\u0000" + o.then().id())) {
            for (ResourceInstance u : o.then().instances) {
              changed |= blockThen(o, u, "due to unrunnable " + o.oneOrMore(), true);
            }
          }
          continue;
        }
        int required = requiredInstances(o);
        if (required > 0) {
          // Pacemaker's clone-one-or-more pseudo action: enough runnable instances of the
          // cloned first (clone-min, or one with require-all=false), wherever they are.
          if (runnableUnits(o.first(), o.firstAction()) < required) {
            for (ResourceInstance u : o.then().instances) {
              changed |= blockThen(o, u, "due to unrunnable clone-one-or-more:" + o.id(), true);
            }
          }
          continue;
        }
        boolean perNode = o.first().clone && o.then().clone && o.then().interleave;
        for (ResourceInstance u : o.then().instances) {
          if (runs(
              o.first(), o.firstAction(), perNode ? u.assigned : null, true, o.firstMember())) {
            continue;
          }
          // A stopped clone as first leaves no start to show as blocked: 2.1.5 lists none.
          // 2.1.5 names the first instance on the same node for interleaved clones.
          String first = perNode ? firstInstanceOn(o, u.assigned) : firstActionName(o);
          String reason =
              (firstStartRequired(o, u, perNode) ? "due to required " : "due to unrunnable ")
                  + first;
          if (perNode && !placedOn(o.first(), u.assigned)) {
            u.inhibited = true;
            // Unassigned once its stop exists and before any start does: its stop has no reason.
            reason = NO_REASON;
          }
          changed |=
              blockThen(
                  o,
                  u,
                  reason,
                  !o.first().clone
                      || (perNode ? placedOn(o.first(), u.assigned) : assignedAnywhere(o.first())));
        }
      }
    }
    return changed;
  }

  /**
   * Whether any instance of clone {@code t} was assigned a node, inhibited or not: only an
   * interleaved then instance is unassigned for want of a first instance (after assignment, in
   * 2.1.5's ordering stage), so a then that is not an instance keeps its node and lists its blocked
   * start.
   */
  private static boolean assignedAnywhere(TopLevelResource t) {
    return t.instances.stream().anyMatch(f -> f.assigned != null);
  }

  /**
   * Whether an instance of {@code t} is placed on {@code node} (any node when null) and not itself
   * inhibited: an interleaved then is ordered after that instance's own start, and 2.1.5 lists its
   * blocked start with that reason. Without such an instance Pacemaker unassigns the then instance
   * ("no instance to interact with", pcmk_sched_instances.c), so no blocked start is shown.
   */
  private static boolean placedOn(TopLevelResource t, String node) {
    return t.instances.stream()
        .anyMatch(
            f -> f.assigned != null && (node == null || node.equals(f.assigned)) && !f.inhibited);
  }

  /** Whether an instance of then runs somewhere now. */
  private static boolean runsNow(ResourceInstance u) {
    return u.primitives.stream().anyMatch(l -> l.currentNode() != null);
  }

  /**
   * Whether 2.1.5 words then's stop "due to required FIRST" rather than "due to unrunnable FIRST".
   * An action's reason is set once, by the first flag change that reaches it (pe_action_set_reason
   * without overwrite): then's start hears "required" when first's start was made mandatory before
   * it turned out unrunnable. A primitive first that is active gets a mandatory start through its
   * own stop-then-start ordering (pcmk__update_ordered_actions, implies_then), which reaches a then
   * on the same node first; a collective first's "running" becomes mandatory only through an
   * instance that is active, placed, and now restarting (a disabled instance gets no start at all).
   * A then that does not run now has nothing to stop.
   */
  private boolean firstStartRequired(Ordering o, ResourceInstance u, boolean perNode) {
    if (!runsNow(u)) {
      return false;
    }
    if (collective(o) && !perNode) {
      return o.first().instances.stream()
          .flatMap(f -> f.primitives.stream())
          .anyMatch(l -> l.currentNode() != null && l.instance.assigned != null && l.blocked);
    }
    PrimitiveInstance first = perNode ? firstLeafOn(o, u.assigned) : firstLeaf(o);
    if (first == null || first.currentNode() == null) {
      return false;
    }
    if (!perNode && !(o.then().resource instanceof org.paceline.cib.Primitive)) {
      return true; // a collective then's start is a nodeless pseudo action: any node does
    }
    return u.primitives.stream().anyMatch(l -> first.currentNode().equals(l.currentNode()));
  }

  /** The primitive instance a primitive (or group member) first names, or null. */
  private static PrimitiveInstance firstLeaf(Ordering o) {
    for (ResourceInstance f : o.first().instances) {
      for (PrimitiveInstance l : f.primitives) {
        if (o.firstMember() == null || o.firstMember().equals(l.primitive.id())) {
          return l;
        }
      }
    }
    return null;
  }

  /** The primitive instance of an interleaved first's instance on {@code node}, or null. */
  private static PrimitiveInstance firstLeafOn(Ordering o, String node) {
    for (ResourceInstance f : o.first().instances) {
      if (node != null && (node.equals(f.assigned) || node.equals(f.currentNode()))) {
        for (PrimitiveInstance l : f.primitives) {
          if (o.firstMember() == null || o.firstMember().equals(l.primitive.id())) {
            return l;
          }
        }
      }
    }
    return null;
  }

  /** The instance of an interleaved first on {@code node} and its action ("FAKE2:0 start"). */
  private String firstInstanceOn(Ordering o, String node) {
    PrimitiveInstance l = firstLeafOn(o, node);
    return l != null ? l.name + " " + o.firstAction() : firstActionName(o);
  }

  /** Whether an order's first is a whole group or clone (not one member of a group). */
  static boolean collective(Ordering o) {
    return o.firstMember() == null
        && (o.first().clone || o.first().resource instanceof org.paceline.cib.Group);
  }

  /**
   * The first action as Pacemaker names it in "due to unrunnable ...": a group's or clone's start
   * and promote are its "running" and "promoted" pseudo actions, or for a clone with notifications
   * its "notified" one (rsc_expand_action: then waits for the confirmed post-notification).
   */
  private static String firstActionName(Ordering o) {
    if (o.firstBundle() != null) {
      String name = bundleFirstAction(o);
      if (name != null) {
        return name;
      }
    }
    if (collective(o)) {
      switch (o.firstAction()) {
        case "start":
          return o.first().id() + (o.first().notify ? " notified" : " running");
        case "promote":
          return o.first().id() + (o.first().notify ? " notified" : " promoted");
        default:
          break;
      }
    }
    return o.first().id() + " " + o.firstAction();
  }

  /**
   * A bundle's start and promote as Pacemaker names them when the bundle is an order's first: its
   * "running" and "promoted" pseudo actions (then waits for them); null for other actions.
   */
  static String bundleFirstAction(Ordering o) {
    return switch (o.firstAction()) {
      case "start" -> o.firstBundle() + " running";
      case "promote" -> o.firstBundle() + " promoted";
      default -> null;
    };
  }

  /**
   * How many instances of a cloned first must be runnable for then (0: the usual rule): the clone's
   * clone-min, else 1 when the order has require-all=false.
   */
  private int requiredInstances(Ordering o) {
    return requiredInstances(ex, o);
  }

  /**
   * As {@link #requiredInstances(Ordering)}: such an order goes through Pacemaker's
   * clone-one-or-more pseudo action, which only makes then unrunnable (no restart follows).
   */
  static int requiredInstances(ResourceExpander ex, Ordering o) {
    if (!o.first().clone) {
      return 0;
    }
    int min = MetaLookup.intOf(ex.meta(o.first().resource, "clone-min"), 0);
    if (min > 0) {
      return min;
    }
    return o.requireAll() ? 0 : 1;
  }

  /** The instances of {@code t} that can carry out {@code action} after the transition. */
  private int runnableUnits(TopLevelResource t, String action) {
    int n = 0;
    for (ResourceInstance u : t.instances) {
      if (u.assigned == null || u.primitives.stream().allMatch(l -> l.blocked)) {
        continue;
      }
      if (action.equals("promote") && u.nextRole != Role.PROMOTED) {
        continue;
      }
      n++;
    }
    return n;
  }

  /**
   * The reason on the stop of a failed primitive instance that will not run again: 2.1.5 gives a
   * stop "node availability" only when the resource is not placed (stop_resource); a placed one
   * whose start turned unrunnable has a stop without a reason, and the line shows the start's.
   */
  static String failedStopReason(ResourceInstance u, PrimitiveInstance l) {
    return u.assigned != null && l.blocked && l.restartReason != null
        ? l.restartReason
        : "due to node availability";
  }

  /** Makes then's instance {@code u} unrunnable for order {@code o}; whether that changed it. */
  private boolean blockThen(Ordering o, ResourceInstance u, String reason, boolean listBlocked) {
    if (u.assigned == null) {
      return false;
    }
    if (o.thenAction().equals("promote")) {
      // Only the promotion is unrunnable: the instance stays, unpromoted.
      if (u.nextRole == Role.PROMOTED) {
        u.nextRole = Role.UNPROMOTED;
        return true;
      }
      return false;
    }
    boolean changed = false;
    for (PrimitiveInstance l : u.primitives) {
      if (!o.bindsThen(l)) {
        continue;
      }
      boolean staysPut =
          l.currentNode() != null && l.currentNode().equals(u.assigned) && !l.failed();
      if (staysPut && !o.symmetrical()) {
        continue; // nothing orders its stop after first's: it keeps running
      }
      if (!l.blocked) {
        l.blocked = true;
        l.restartReason = reason;
        l.listBlockedStart = listBlocked;
        changed = true;
      }
    }
    return changed;
  }

  /** A mandatory colocation with a resource that cannot run anywhere stops the dependent. */
  private boolean blockColocated() {
    boolean changed = false;
    for (Colocation c : colocations) {
      if (c.score() < Placement.INF
          || c.dependentRole() != null
          || c.primaryRole() != null
          || !c.dependent().managed
          || runs(c.primary(), "start", null)) {
        continue;
      }
      for (PrimitiveInstance l : c.dependent().primitives()) {
        if (!l.blocked && l.instance.assigned != null) {
          l.blocked = true;
          l.restartReason = "due to colocation with " + c.primary().id();
          changed = true;
        }
      }
    }
    return changed;
  }
}
