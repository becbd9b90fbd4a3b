package org.paceline.scheduler;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.unpack.ActiveInstance;

/**
 * Stops that cannot run because a mandatory order puts them after the stop of a resource a failure
 * left blocked (on-fail=block, or a failed stop that no fencing can clear). That stop never runs,
 * so Pacemaker 2.1.5 (pcmk__update_action_for_orderings: "first" is the unrunnable stop of a
 * blocked, unmanaged resource and the order implies "then" or "first") makes the stop ordered after
 * it unrunnable too, and crm_simulate lists it with "blocked".
 */
final class BlockedStops {
  private BlockedStops() {}

  /**
   * Marks the stops behind a blocked resource's stop: their summary line gets "blocked" and their
   * stop action becomes unrunnable.
   */
  static void apply(
      List<TopLevelResource> tops,
      List<Ordering> orderings,
      List<SummaryItem> summary,
      List<Action> actions) {
    Set<PrimitiveInstance> stuck = new LinkedHashSet<>();
    for (TopLevelResource t : tops) {
      for (PrimitiveInstance l : t.primitives()) {
        if ((!t.managed || l.unmanaged) && l.active.stream().anyMatch(ActiveInstance::blocked)) {
          stuck.add(l);
        }
      }
    }
    if (stuck.isEmpty()) {
      return;
    }
    Set<String> behind = new LinkedHashSet<>();
    Set<String> listed = new LinkedHashSet<>();
    // The members whose own line has a stop in it.
    summary.stream()
        .filter(s -> Set.of("Stop", "Restart", "Move", "Recover").contains(s.verb()))
        .forEach(s -> listed.add(s.subject()));
    Map<String, String> chainReasons = new HashMap<>();
    for (TopLevelResource t : tops) {
      if (t.clone || !(t.resource instanceof org.paceline.cib.Group)) {
        continue;
      }
      for (ResourceInstance u : t.instances) {
        // A group stops its members last to first, each stop ordered after the next member's
        // with pe_order_restart, which carries the unrunnable stop on to every earlier member.
        boolean afterStuck = false;
        for (int i = u.primitives.size() - 1; i >= 0; i--) {
          PrimitiveInstance l = u.primitives.get(i);
          if (afterStuck) {
            behind.add(l.name);
          }
          afterStuck |= stuck.contains(l);
        }
        chainReasons.putAll(chainReasons(u, stuck, listed));
      }
    }
    for (Ordering o : orderings) {
      if (!o.mandatory()) {
        continue; // an advisory order only sequences, it implies nothing
      }
      if (o.firstAction().equals("stop") && o.thenAction().equals("stop")) {
        if (o.firstLeaves().stream().anyMatch(stuck::contains)) {
          o.thenLeaves().forEach(l -> behind.add(l.name));
        }
      } else if (o.symmetrical()
          && o.firstAction().equals("start")
          && o.thenAction().equals("start")
          && o.thenLeaves().stream().anyMatch(stuck::contains)) {
        // The inverse order: then stops before first does.
        o.firstLeaves().forEach(l -> behind.add(l.name));
      }
    }
    stuck.forEach(l -> behind.remove(l.name));
    if (behind.isEmpty()) {
      return;
    }
    // Only a plain stop is listed as blocked; a move or recovery keeps its own wording.
    Set<String> marked = new LinkedHashSet<>();
    for (int i = 0; i < summary.size(); i++) {
      SummaryItem s = summary.get(i);
      if (!behind.contains(s.subject()) || s.reason() != null && s.reason().endsWith("blocked")) {
        continue;
      }
      String chained = chainReasons.get(s.subject());
      if (s.verb().equals("Stop")) {
        String own = s.reason() != null ? s.reason() : chained;
        String reason = own == null ? "blocked" : own + " (blocked)";
        summary.set(i, new SummaryItem(s.verb(), s.subject(), s.detail(), reason));
        marked.add(s.subject());
      } else if (s.verb().equals("Restart") && !s.detail().contains(" ")) {
        // Its start is ordered after its own stop (pe_order_restart): a required stop that
        // cannot run makes the start unrunnable too, so crm_simulate lists a blocked stop.
        String reason = chained == null ? "blocked" : chained + " (blocked)";
        summary.set(i, new SummaryItem("Stop", s.subject(), s.detail(), reason));
        marked.add(s.subject());
      } else if (s.verb().equals("Move") && s.reason() == null && plainMove(s.detail())) {
        // The start on the new node waits for the stop on the old one the same way: neither can
        // run, and crm_simulate lists a blocked stop where the resource stays.
        String reason = chained == null ? "blocked" : chained + " (blocked)";
        String from = s.detail().substring(0, s.detail().indexOf(" -> "));
        summary.set(i, new SummaryItem("Stop", s.subject(), from, reason));
        marked.add(s.subject());
      }
    }
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      // The recurring monitors after the start wait for it (runnable_left): unrunnable too.
      boolean stopOrStart =
          a.task() == ActionTask.STOP
              || a.task() == ActionTask.START
              || a.task() == ActionTask.MONITOR && a.intervalMs() > 0;
      if (stopOrStart && a.runnable() && marked.contains(a.resource())) {
        actions.set(
            i,
            new Action(a.key(), a.resource(), a.task(), a.intervalMs(), a.node(), false, a.meta()));
      }
    }
  }

  /** Whether a move's detail is "FROM -> TO", without roles. */
  private static boolean plainMove(String detail) {
    String[] parts = detail.split(" ");
    return parts.length == 3 && parts[1].equals("->");
  }

  /**
   * A resource left on a node that is gone and cannot be fenced: its stop cannot run there (the
   * node is offline and unclean), so crm_simulate lists a blocked stop: "due to node availability"
   * where it can run nowhere else, with no reason where it is placed elsewhere (its start there
   * waits for that stop, so it cannot run either). Returns whether it listed one (a resource a
   * failure left blocked gets nothing scheduled at all).
   */
  static boolean onLostNode(
      List<SummaryItem> summary, PrimitiveInstance l, String node, String next) {
    for (org.paceline.unpack.ActiveInstance a : l.active) {
      if (a.node().equals(node) && a.stopFailed()) {
        // A failed stop that fencing cannot clear leaves the resource blocked (crm_mon: "FAILED
        // (UNCLEAN, blocked)"): Pacemaker schedules nothing for a blocked resource, so no line.
        return false;
      }
    }
    String role = "";
    if (l.instance.top.promotable) {
      role = l.currentRole() == org.paceline.cib.Role.PROMOTED ? "Promoted " : "Unpromoted ";
    }
    String reason = next == null ? "due to node availability (blocked)" : "blocked";
    summary.add(new SummaryItem("Stop", l.name, role + node, reason));
    return true;
  }

  /**
   * The reasons 2.1.5 gives the stops of a group's members before a stuck member. Each member's
   * stop is ordered after the next member's (then unrunnable when first is) and makes the next
   * member's stop required (implies_first, "required PREVIOUS stop"); a reason is set only once.
   * The lowest member that stops on its own (listed in the summary) has its stop made required
   * first, which carries "required" up the chain before the stuck stop's unrunnability comes down
   * it: that member alone hears "unrunnable NEXT stop".
   */
  private static Map<String, String> chainReasons(
      ResourceInstance u, Set<PrimitiveInstance> stuck, Set<String> listed) {
    Map<String, String> out = new HashMap<>();
    int stuckAt = -1;
    for (int i = 0; i < u.primitives.size() && stuckAt < 0; i++) {
      if (stuck.contains(u.primitives.get(i))) {
        stuckAt = i;
      }
    }
    int lowest = -1;
    for (int i = 0; i < stuckAt && lowest < 0; i++) {
      if (listed.contains(u.primitives.get(i).name)) {
        lowest = i;
      }
    }
    if (lowest < 0) {
      return out;
    }
    out.put(
        u.primitives.get(lowest).name,
        "due to unrunnable " + u.primitives.get(lowest + 1).name + " stop");
    for (int j = lowest + 1; j < stuckAt; j++) {
      out.put(
          u.primitives.get(j).name, "due to required " + u.primitives.get(j - 1).name + " stop");
    }
    return out;
  }
}
