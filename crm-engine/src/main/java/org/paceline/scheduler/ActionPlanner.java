package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.NoQuorumPolicy;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.PartialMigration;
import org.paceline.unpack.StatusUnpacker;

/**
 * Turns placements into actions: blocks what quorum or unrunnable mandatory orders forbid, restarts
 * what must follow a restarted resource, fences unclean nodes, and words the result as
 * crm_simulate's transition summary.
 */
final class ActionPlanner {
  private final Cib cib;
  private final ClusterStatus status;
  private final ResourceExpander ex;
  private final List<Ordering> orderings;
  private final boolean startsBlocked;
  private final boolean freeze;

  // no-quorum-policy=demote: only demote active promotable instances, stop all else.
  private final boolean demote;

  private static final String NO_QUORUM = "due to no quorum (blocked)";

  /** What a start blocked by the lack of quorum is listed with (crm_simulate's words). */
  private final String noQuorumReason;

  private final boolean fencingPossible;
  private final boolean fenceAnyNode;
  final List<SummaryItem> summary = new ArrayList<>();
  final List<Action> actions = new ArrayList<>();

  /** Stops that must happen but cannot run (instance name to node): no action, yet notified. */
  private final Map<String, String> unrunnableStops = new HashMap<>();

  final List<OrderEdge> edges = new ArrayList<>();
  private final RecurringMonitors monitorPlan = new RecurringMonitors(actions, edges);
  private final LiveMigrations migrations;

  private final List<Colocation> colocations;

  ActionPlanner(
      Cib cib,
      ClusterStatus status,
      ResourceExpander ex,
      List<Ordering> orderings,
      List<Colocation> colocations) {
    this.colocations = colocations;
    this.cib = cib;
    this.status = status;
    this.ex = ex;
    this.orderings = orderings;
    this.migrations = new LiveMigrations(ex, status, orderings, this::next, this::starts);
    NoQuorumPolicy policy = ClusterOption.noQuorumPolicy(cib.configuration());
    boolean noQuorum = !status.haveQuorum() && policy != NoQuorumPolicy.IGNORE;
    this.startsBlocked = noQuorum;
    this.freeze = noQuorum && policy == NoQuorumPolicy.FREEZE;
    this.demote = noQuorum && policy == NoQuorumPolicy.DEMOTE;
    this.noQuorumReason =
        noQuorum && policy == NoQuorumPolicy.FREEZE ? "due to quorum freeze (blocked)" : NO_QUORUM;
    // Pacemaker's pe_can_fence: fencing enabled and some fencing device configured; then any
    // node with quorum (or no-quorum-policy=ignore), else only nodes in this partition.
    this.fencingPossible =
        status.stonithEnabled()
            && cib.configuration()
                .allResources()
                .anyMatch(r -> r instanceof Primitive p && "stonith".equals(p.resourceClass()));
    this.fenceAnyNode = status.haveQuorum() || policy == NoQuorumPolicy.IGNORE;
  }

  /**
   * Whether starting the primitive instance needs quorum: unless requires=nothing. Fencing devices
   * too (their default is requires=quorum in Pacemaker 2.1.5, and crm_simulate blocks their start
   * without quorum); fencing itself does not need a started device.
   */
  private boolean needsQuorum(PrimitiveInstance l) {
    String requires = ex.inheritedMeta(l.primitive, "requires").orElse("quorum");
    return !requires.equals("nothing");
  }

  /** Whether {@code node} can be fenced now (Pacemaker's pe_can_fence). */
  private boolean canFence(String node) {
    if (!fencingPossible) {
      return false;
    }
    if (fenceAnyNode) {
      return true;
    }
    NodeStatus n = status.node(node);
    return n != null && n.online();
  }

  private boolean nodeGone(String node) {
    NodeStatus n = status.node(node);
    return n == null || n.unclean();
  }

  /** The connection of a Pacemaker Remote or guest node, or null for a cluster node. */
  private PrimitiveInstance remoteConnection(String node) {
    NodeStatus n = status.node(node);
    TopLevelResource t = n != null && n.remote() ? ex.topOf.get(node) : null;
    if (t == null
        || t.clone
        || t.instances.isEmpty()
        || t.instances.get(0).primitives.size() != 1
        || !StatusUnpacker.isRemoteConnection(t.instances.get(0).primitives.get(0).primitive)) {
      return null;
    }
    return t.instances.get(0).primitives.get(0);
  }

  private static Role shownRole(TopLevelResource t, Role r) {
    if (t.promotable && r == Role.STARTED) {
      return Role.UNPROMOTED;
    }
    return r;
  }

  /** Where the primitive instance runs after the transition, or null. */
  private String next(PrimitiveInstance l) {
    if (l.blocked || l.instance.assigned == null) {
      return null;
    }
    return l.instance.assigned;
  }

  void plan() {
    blockUnrunnable();
    if (startsBlocked && !freeze) {
      // no-quorum-policy=stop: everything stops; placements survive only as blocked starts.
      for (TopLevelResource t : ex.tops) {
        if (!t.managed || demote && t.promotable) { // demote: only demoted (Promotion)
          continue;
        }
        for (PrimitiveInstance l : t.primitives()) {
          if (l.currentNode() != null && needsQuorum(l)) {
            l.blocked = true;
            l.restartReason = "due to no quorum";
          }
        }
      }
    }
    restartMultiplyActive();
    restartChangedDefinitions();
    ContainerRestarts.apply(ex.tops, status);
    Unfencing.plan(cib, status, ex, summary, actions);
    propagateRestarts();
    // A guest node is "fenced" by recovering its container: a pseudo fencing, no device needed.
    status
        .guestFences()
        .forEach(
            (guest, container) ->
                summary.add(
                    new SummaryItem(
                        GuestFenceAction.summaryWord(ex.tops, container),
                        guest + " (resource: " + container + ")",
                        null,
                        "guest is unclean")));
    for (NodeStatus n : status.nodes()) {
      if (n.unclean() && canFence(n.name())) {
        String why = AnonymousInstances.failedThere(n.fenceReason(), n.name(), ex.tops);
        summary.add(new SummaryItem("Fence (reboot)", n.name(), null, why));
        actions.add(
            new Action(
                "stonith-" + n.name() + "-reboot", null, ActionTask.STONITH, 0, n.name(), true));
      }
    }
    for (TopLevelResource t : ex.tops) {
      for (ResourceInstance u : t.instances) {
        for (PrimitiveInstance l : u.primitives) {
          summarize(t, u, l);
          if (t.managed) {
            for (String target : PendingMigrations.targetsToStop(l, status)) {
              if (!has(l.name + "_stop_0", target)) {
                action(l, ActionTask.STOP, target);
              }
            }
          }
        }
      }
    }
    monitorPlan.afterConnectionStarts(this::remoteConnection);
    boolean stopOrphans = ClusterOption.STOP_ORPHAN_RESOURCES.enabled(cib.configuration());
    List<ActiveInstance> noneActive = List.of();
    for (Map.Entry<String, List<ActiveInstance>> e : ex.orphans.entrySet()) {
      // The option spares resources gone from the CIB, not extra copies of a configured clone.
      TopLevelResource owner = ex.topOf.get(org.paceline.cib.HistoryIds.baseId(e.getKey()));
      for (ActiveInstance a :
          stopOrphans || owner != null && owner.clone ? e.getValue() : noneActive) {
        if (!nodeGone(a.node()) || canFence(a.node())) {
          // An instance of a promotable clone shows its role, as any promotable stop does; an
          // orphaned primitive has one role, the highest of its copies (unpack_lrm_resource keeps
          // the highest role seen), shown when above started.
          Role role =
              owner != null && owner.promotable
                  ? shownRole(owner, a.role())
                  : owner == null ? highestRole(e.getValue()) : Role.STARTED;
          summary.add(
              new SummaryItem(
                  "Stop",
                  e.getKey(),
                  details(role, Role.STOPPED, a.node(), null),
                  "due to node availability"));
          String stop = e.getKey() + "_stop_0";
          if (role == Role.PROMOTED) {
            // A promoted resource is demoted before it stops (rsc_state_matrix), on every node
            // it is active on: the role is the resource's, not the copy's.
            String demote = e.getKey() + "_demote_0";
            actions.add(new Action(demote, e.getKey(), ActionTask.DEMOTE, 0, a.node(), true));
            edges.add(new OrderEdge(demote, stop, true, "demote before stop"));
          }
          actions.add(new Action(stop, e.getKey(), ActionTask.STOP, 0, a.node(), true));
        }
      }
    }
  }

  private static Role highestRole(List<ActiveInstance> copies) {
    Role highest = Role.STARTED;
    for (ActiveInstance a : copies) {
      if (a.role() != null && a.role().compareTo(highest) > 0) {
        highest = a.role();
      }
    }
    return highest;
  }

  /**
   * multiple-active=stop_start (the default) and stop_unexpected: a healthy primitive active on
   * more than one node is stopped everywhere and started again where it is placed, a restart there
   * (Pacemaker's "Restart"), which restarts what depends on it too.
   */
  private void restartMultiplyActive() {
    for (TopLevelResource t : ex.tops) {
      // An anonymous clone's copies are separate instances; a unique clone's instance is one
      // primitive, multiply active like any other (native_create_actions).
      if (t.clone && !t.unique || !t.managed) {
        continue;
      }
      for (PrimitiveInstance l : t.primitives()) {
        if (l.active.size() > 1
            && !l.failed()
            && l.currentNode().equals(next(l))
            && !DanglingMigration.all(l)) {
          l.restart = true;
        }
      }
    }
  }

  /**
   * The node and role part of a summary line, as Pacemaker's rsc-action-item words it: the roles
   * appear when the instance is or becomes more than started (promotable instances), the nodes when
   * they differ.
   */
  static String details(Role role, Role next, String origin, String dest) {
    boolean needRole = role.compareTo(Role.STARTED) > 0 || next.compareTo(Role.UNPROMOTED) > 0;
    boolean sameHost = origin != null && origin.equals(dest);
    boolean sameRole = role == next;
    if (origin == null) {
      return needRole ? role + " -> " + next + " " + dest : dest;
    }
    if (dest == null) {
      return needRole ? role + " " + origin : origin;
    }
    if (sameRole && sameHost) {
      return needRole ? role + " " + origin : origin;
    }
    if (sameRole) {
      return needRole ? origin + " -> " + dest + " " + role : origin + " -> " + dest;
    }
    if (sameHost) {
      return role + " -> " + next + " " + origin;
    }
    return role + " " + origin + " -> " + next + " " + dest;
  }

  /**
   * "due to being multiply active" for a primitive active on more than one node whose
   * multiple-active policy is stop_unexpected: 2.1.5's stop_resource gives that reason only then
   * (stop_start recovers it silently).
   */
  private String multiplyActive(PrimitiveInstance l) {
    return l.active.size() > 1
            && ex.inheritedMeta(l.primitive, "multiple-active")
                .map("stop_unexpected"::equals)
                .orElse(false)
        ? "due to being multiply active"
        : null;
  }

  /**
   * Mandatory orders and colocations whose first cannot run block their then ({@link Runnability}).
   */
  private void blockUnrunnable() {
    Probes.blockStartsBehindUnrunnable(ex, cib, status);
    new Runnability(ex, orderings, colocations).blockUnrunnable();
  }

  /** Whether then must run with first (a mandatory colocation): orders bind per node then. */
  static boolean isUp(String action) {
    return action.equals("start") || action.equals("promote");
  }

  private boolean starts(PrimitiveInstance l) {
    String next = next(l);
    if (next == null || !l.instance.top.managed) {
      return false;
    }
    String cur = l.currentNode();
    return cur == null || !cur.equals(next) || l.failed() || l.restart;
  }

  private boolean promotes(PrimitiveInstance l) {
    return next(l) != null
        && l.instance.nextRole == Role.PROMOTED
        && (l.currentRole() != Role.PROMOTED || starts(l) || repromotes(l));
  }

  /** A promoted instance that on-fail=demote demotes and that is promoted again in place. */
  private boolean repromotes(PrimitiveInstance l) {
    return !l.active.isEmpty()
        && l.active.get(0).demote()
        && l.currentRole() == Role.PROMOTED
        && l.instance.nextRole == Role.PROMOTED
        && l.currentNode() != null
        && l.currentNode().equals(next(l));
  }

  private boolean staysActive(PrimitiveInstance l) {
    String cur = l.currentNode();
    return cur != null && cur.equals(next(l)) && !l.failed() && !l.restart;
  }

  /** Restarts and reloads for changed parameters ({@link DefinitionChanges}). */
  private void restartChangedDefinitions() {
    DefinitionChanges.mark(
        ex.tops, cib.configuration().opDefaults(), this::staysActive, ex::requiresNothing);
  }

  private void propagateRestarts() {
    boolean changed = true;
    for (int round = 0; changed && round < 50; round++) {
      changed =
          ContainerRestarts.onGuests(
              cib.configuration(),
              ex.tops,
              l -> starts(l) && !migrations.migrates(l, 0),
              this::staysActive);
      for (TopLevelResource t : ex.tops) {
        if (!t.managed) {
          continue;
        }
        for (ResourceInstance u : t.instances) {
          for (int k = 0; k + 1 < u.primitives.size(); k++) {
            PrimitiveInstance f = u.primitives.get(k);
            PrimitiveInstance n = u.primitives.get(k + 1);
            if (starts(f) && staysActive(n)) {
              n.restart = true;
              n.restartReason = "due to required " + f.name + " start";
              changed = true;
            }
          }
        }
      }
      changed |= LegacyRestartType.mark(orderings, ex, this::next, this::starts, this::staysActive);
      for (Ordering o : orderings) {
        if (!isUp(o.firstAction()) || !o.thenAction().equals("start") || !o.then().managed) {
          continue;
        }
        if (o.mandatory() && !o.symmetrical()) {
          continue; // an asymmetrical order only orders (and blocks): it implies no restart
        }
        if (o.oneOrMore() != null || Runnability.requiredInstances(ex, o) > 0) {
          // one-or-more and clone-one-or-more pseudo actions: then waits for enough of first,
          // but nothing first does restarts it (Pacemaker orders them runnable-left only)
          continue;
        }
        // A cloned first's action counts on then's node only (action_flags_for_ordering), for a
        // primitive then or an interleaved clone.
        boolean perNode = o.first().clone && (!o.then().clone || o.then().interleave);
        for (PrimitiveInstance f : o.firstLeaves()) {
          // A migration's start is a pseudo action: it restarts nothing that stays (2.1.5).
          boolean fires =
              o.firstAction().equals("promote")
                  ? promotes(f)
                  : starts(f) && !migrations.migrates(f, 0);
          boolean blockedRestart =
              o.first().clone
                  && !o.then().clone
                  && f.currentNode() != null
                  && f.blocked
                  && f.instance.assigned != null;
          if (blockedRestart) {
            // An instance that must restart but cannot start again still makes the clone's start
            // required, and with it then's (an instance merely stopping does not).
            fires = true;
          }
          String firstNode = blockedRestart ? f.instance.assigned : next(f);
          if (!o.mandatory()) {
            // An optional order still restarts its then when first recovers in place (2.1.5),
            // but not a cloned then: its running instances keep running.
            fires =
                fires
                    && !o.then().clone
                    && f.failed()
                    && f.currentNode() != null
                    && f.currentNode().equals(next(f));
          }
          if (!fires) {
            continue;
          }
          for (PrimitiveInstance n : o.thenLeaves()) {
            if (perNode && (firstNode == null || !firstNode.equals(next(n)))) {
              continue;
            }
            if (staysActive(n)) {
              n.restart = true;
              n.restartReason =
                  "due to required "
                      + (o.firstBundle() != null && Runnability.bundleFirstAction(o) != null
                          ? Runnability.bundleFirstAction(o)
                          : (o.first().clone || Runnability.collective(o))
                                  && !(o.then().clone && o.then().interleave)
                              ? o.first().id()
                                  + (o.first().notify
                                      ? " notified"
                                      : o.firstAction().equals("promote")
                                          ? " promoted"
                                          : " running")
                              : f.name + " " + o.firstAction());
              changed = true;
            }
          }
        }
      }
    }
  }

  private void summarize(TopLevelResource t, ResourceInstance u, PrimitiveInstance l) {
    String cur = l.currentNode();
    if (!t.managed || l.unmanaged || ResourceExpander.memberUnmanaged(l)) {
      // Left where it runs, in its role, but still monitored there (unless blocked).
      NodeStatus n = cur == null ? null : status.node(cur);
      if (n != null && n.online() && !n.maintenance() && !RecurringOps.skipped(t, l, ex, cib)) {
        monitorPlan.missing(l, cur, t.promotable ? shownRole(t, l.currentRole()) : Role.STARTED);
      }
      return;
    }
    if (cur != null && status.node(cur) != null && status.node(cur).maintenance()) {
      return; // a node in maintenance: what runs there is left alone
    }
    if (cur != null && nodeGone(cur) && !canFence(cur)) {
      // No stop until its node is fenced; a clone still announces the stop it cannot run.
      if (BlockedStops.onLostNode(summary, l, cur, next(l))) {
        unrunnableStops.put(l.name, cur);
      }
      return;
    }
    if (freeze && cur != null && (nodeGone(cur) || next(l) == null)) {
      // no-quorum-policy=freeze leaves running resources alone; one that is active may still
      // move within the partition (Pacemaker 2.1.5 only blocks starting inactive resources).
      return;
    }
    for (int i = 1; i < l.active.size(); i++) {
      ActiveInstance extra = l.active.get(i);
      if (!extra.node().equals(next(l))) {
        stop(l, extra.node());
      }
    }
    String next = next(l);
    Role curRole = shownRole(t, l.currentRole());
    Role nextRole = t.promotable ? u.nextRole : Role.STARTED;
    String rolePrefix = t.promotable ? curRole + " " : "";
    if (cur != null && l.failed() && next != null) {
      add("Recover", l.name, details(curRole, nextRole, cur, next), multiplyActive(l));
      stop(l, cur);
      start(l, next);
      promoteAfterStart(t, l, nextRole, next);
      return;
    }
    if (cur == null) {
      if (next == null) {
        if (l.blocked && u.assigned != null && l.restartReason != null && l.listBlockedStart) {
          String r = l.restartReason;
          add("Start", l.name, u.assigned, r.isEmpty() ? "blocked" : r + " (blocked)");
        }
        return;
      }
      if (startsBlocked && needsQuorum(l)) {
        if (nextRole == Role.PROMOTED) {
          // No promote when the start is unrunnable (promote_resource): an order's has no reason.
          add("Promote", l.name, "Stopped -> Promoted " + next, "blocked");
        } else {
          add("Start", l.name, next, noQuorumReason);
        }
        return;
      }
      if (nextRole == Role.PROMOTED) {
        add("Promote", l.name, "Stopped -> Promoted " + next, null);
        start(l, next);
        action(l, ActionTask.PROMOTE, next);
      } else {
        add("Start", l.name, next, null);
        start(l, next);
      }
      return;
    }
    if (next == null) {
      // A failed resource that stops does so everywhere it is active, for want of a node.
      String why =
          l.failed()
              ? Runnability.failedStopReason(u, l)
              : l.restartReason != null
                  ? l.restartReason
                  // Still assigned to its guest node (stillAssigned), it stops because its
                  // start there, ordered after the guest connection's, cannot run.
                  : stillAssigned(l, cur)
                      ? "due to unrunnable " + cur + " start"
                      : "due to node availability";
      add("Stop", l.name, rolePrefix + cur, why);
      stop(l, cur);
      if (stillAssigned(l, cur)) {
        monitorPlan.cancelForStop(l, cur);
      }
      if (!t.clone) {
        for (int i = 1; i < l.active.size(); i++) {
          if (!DanglingMigration.source(l, l.active.get(i))) {
            add("Stop", l.name, rolePrefix + l.active.get(i).node(), why); // each copy
          }
        }
      }
      return;
    }
    if (next.equals(cur) && !t.promotable && l.currentRole() == Role.STOPPED) {
      // Active in role Stopped (a failed migrate_to's target after a stop on the source): 2.1.5
      // lists a restart, but from role Stopped there is nothing to stop, only the start.
      add("Restart", l.name, cur, null);
      start(l, cur);
      return;
    }
    if (!next.equals(cur)) {
      if ((!t.promotable || curRole == nextRole) && migrations.migrates(l, 0)) {
        add("Migrate", l.name, cur + " -> " + next + (t.promotable ? " " + curRole : ""), null);
        migrate(l, cur, next);
        return;
      }
      // A stop_unexpected copy's stop says why (stop_resource) whether it moves or not.
      String why = multiplyActive(l);
      add(
          "Move",
          l.name,
          details(curRole, nextRole, cur, next),
          why != null || t.promotable ? why : migrations.blockedReason(l));
      stop(l, cur);
      start(l, next);
      promoteAfterStart(t, l, nextRole, next);
      return;
    }
    if (l.restart) {
      add("Restart", l.name, details(curRole, nextRole, cur, cur), l.restartReason);
      stop(l, cur);
      start(l, cur);
      promoteAfterStart(t, l, nextRole, cur);
      return;
    }
    boolean demotes = t.promotable && curRole == Role.PROMOTED && nextRole != Role.PROMOTED;
    if (l.reload && !demotes) {
      // The agent applies the new parameters in place (a required demote cancels the reload, as
      // in Pacemaker); a promotion below still follows.
      add("Reload", l.name, rolePrefix + cur, null);
      action(l, ActionTask.RELOAD_AGENT, cur);
    }
    if (t.promotable && repromotes(l)) {
      // on-fail=demote: demoted after the failure, then promoted again where it is.
      add("Re-promote", l.name, "Promoted " + cur, null);
      action(l, ActionTask.DEMOTE, cur);
      action(l, ActionTask.PROMOTE, cur);
      return;
    }
    if (t.promotable && curRole != nextRole) {
      if (nextRole == Role.PROMOTED) {
        add("Promote", l.name, curRole + " -> Promoted " + cur, null);
        action(l, ActionTask.PROMOTE, cur);
        monitorPlan.changeRole(l, cur, curRole, Role.PROMOTED, "promote");
      } else {
        add("Demote", l.name, "Promoted -> " + nextRole + " " + cur, null);
        action(l, ActionTask.DEMOTE, cur);
        monitorPlan.changeRole(l, cur, Role.PROMOTED, nextRole, "demote");
      }
      return;
    }
    if (RecurringHistory.startPending(l.active.get(0).history())) {
      // A start still pending stands for itself in the transition (create_pending_start): it
      // runs again, unlisted, and the monitors follow it.
      start(l, cur);
      return;
    }
    monitorPlan.missing(l, cur, t.promotable ? nextRole : Role.STARTED);
  }

  /**
   * migrate_to on the source, migrate_from on the target, the stop, then a pseudo start. A partial
   * migration that continues (its migrate_to already succeeded from this source to this target) has
   * no migrate_to again (2.1.5's pcmk__create_migration_actions).
   */
  private void migrate(PrimitiveInstance l, String from, String to) {
    boolean promoted = l.instance.top.promotable && l.currentRole() == Role.PROMOTED;
    PartialMigration partial = status.partialMigrations().get(l.active.get(0).historyId());
    if (partial == null || !partial.source().equals(from) || !partial.target().equals(to)) {
      action(l, ActionTask.MIGRATE_TO, from);
    }
    if (promoted) {
      action(l, ActionTask.DEMOTE, from);
    }
    action(l, ActionTask.MIGRATE_FROM, to);
    stop(l, from);
    actions.add(new Action(l.name + "_start_0", l.name, ActionTask.START, 0, null, true));
    if (promoted) {
      action(l, ActionTask.PROMOTE, to);
    }
    edges.add(
        new OrderEdge(l.name + "_migrate_to_0", l.name + "_migrate_from_0", true, "migration"));
    edges.add(new OrderEdge(l.name + "_migrate_from_0", l.name + "_stop_0", true, "migration"));
    edges.add(new OrderEdge(l.name + "_stop_0", l.name + "_start_0", true, "migration"));
    monitors(l, to);
  }

  private void add(String verb, String rsc, String detail, String reason) {
    String why = Runnability.NO_REASON.equals(reason) ? null : reason;
    summary.add(new SummaryItem(verb, rsc, detail, why));
  }

  private void stop(PrimitiveInstance l, String node) {
    if (l.instance.top.promotable
        && l.currentRole() == Role.PROMOTED
        && node.equals(l.currentNode())
        && !has(l.name + "_demote_0", node)) {
      action(l, ActionTask.DEMOTE, node);
    }
    if (expectedNode(l, node)) {
      return; // multiple-active=stop_unexpected: it keeps running where it belongs
    }
    action(l, ActionTask.STOP, node);
  }

  /**
   * Whether node is where a multiply active primitive with multiple-active=stop_unexpected is
   * placed: 2.1.5's restart (schedule_restart_actions) skips the stop there and makes the start
   * there a pseudo action (is_expected_node), so only the unexpected copies stop.
   */
  private boolean expectedNode(PrimitiveInstance l, String node) {
    return multiplyActive(l) != null && node.equals(next(l));
  }

  /**
   * Whether Pacemaker keeps a stopping bundled resource assigned to its guest node: assign_replica
   * assigns a replica's resource to the replica's guest node whenever that node can take resources
   * now (pcmk__node_available, while the container still runs), so one that stops there (its
   * container goes) keeps that node as its assignment. Without quorum under no-quorum-policy=stop
   * nothing is assigned at all (pcmk__primitive_assign assigns no node then).
   */
  private boolean stillAssigned(PrimitiveInstance l, String node) {
    NodeStatus n = status.node(node);
    boolean quorumStop = startsBlocked && !freeze && !demote;
    return !quorumStop
        && org.paceline.unpack.BundleExpansion.holder(l.primitive) != null
        && n != null
        && "container".equals(n.attributes().get("#kind"))
        && n.canRunResources();
  }

  private boolean has(String key, String node) {
    for (Action a : actions) {
      if (a.key().equals(key) && java.util.Objects.equals(a.node(), node)) {
        return true;
      }
    }
    return false;
  }

  /** A recovered, moved or restarted instance that is to be promoted is promoted after start. */
  private void promoteAfterStart(
      TopLevelResource t, PrimitiveInstance l, Role nextRole, String node) {
    if (t.promotable && nextRole == Role.PROMOTED) {
      action(l, ActionTask.PROMOTE, node);
    }
  }

  private void start(PrimitiveInstance l, String node) {
    if (expectedNode(l, node)) {
      actions.add(new Action(l.name + "_start_0", l.name, ActionTask.START, 0, null, true));
    } else {
      action(l, ActionTask.START, node);
    }
    edges.add(new OrderEdge(l.name + "_stop_0", l.name + "_start_0", true, "restart order"));
    monitors(l, node);
  }

  private void monitors(PrimitiveInstance l, String node) {
    monitorPlan.add(
        l, node, l.instance.top.promotable ? l.instance.nextRole : Role.STARTED, "_start_0");
  }

  private void action(PrimitiveInstance l, ActionTask task, String node) {
    actions.add(new Action(l.name + "_" + task + "_0", l.name, task, 0, node, true));
  }

  /** The ordering graph between the planned actions ({@link OrderingGraph}). */
  void orderGraph() {
    OrderingGraph.build(actions, edges, ex.tops, orderings);
  }

  /**
   * Clone notifications around the planned actions ({@link Notifications}), then the clone meta
   * every instance action carries ({@link CloneActionMeta}).
   */
  void notifications() {
    boolean symmetric = ClusterOption.SYMMETRIC_CLUSTER.enabled(cib.configuration());
    Notifications.plan(ex.tops, status.nodes(), symmetric, actions, unrunnableStops, edges);
    FencingNotifications.plan(ex, status, actions, edges);
    CloneActionMeta.add(ex.tops, actions);
  }

  /**
   * Probes: every primitive on every online node (or remote node coming up) whose history does not
   * mention it.
   */
  void probes() {
    Probes.planWithStartingRemotes(ex, cib, status, actions);
    Probes.dropBehindStoppedContainers(ex, cib, actions);
  }
}
