package org.paceline.scheduler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.paceline.unpack.ActiveInstance;

/**
 * Stops that cannot run because a mandatory order puts them after the stop of a resource a failure
 * left blocked (on-fail=block, or a failed stop that no fencing can clear). That stop never runs,
 * so Pacemaker 2.1.5 (pcmk__update_action_for_orderings: "first" is the unrunnable stop of a
 * blocked, unmanaged resource and the order implies "then" or "first") makes the stop ordered after
 * it unrunnable too, and crm_simulate lists it with "(blocked)".
 */
final class BlockedStops {
  private BlockedStops() {}

  /**
   * Marks the stops behind a blocked resource's stop: their summary line gets "(blocked)" and their
   * stop action becomes unrunnable.
   */
  static void apply(
      List<Top> tops, List<Ordering> orderings, List<SummaryItem> summary, List<Action> actions) {
    Set<Leaf> stuck = new LinkedHashSet<>();
    for (Top t : tops) {
      if (t.managed) {
        continue;
      }
      for (Leaf l : t.leaves()) {
        if (l.active.stream().anyMatch(ActiveInstance::blocked)) {
          stuck.add(l);
        }
      }
    }
    if (stuck.isEmpty()) {
      return;
    }
    Set<String> behind = new LinkedHashSet<>();
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
      if (s.verb().equals("Stop")
          && behind.contains(s.subject())
          && (s.reason() == null || !s.reason().endsWith("(blocked)"))) {
        String reason = s.reason() == null ? "(blocked)" : s.reason() + " (blocked)";
        summary.set(i, new SummaryItem(s.verb(), s.subject(), s.detail(), reason));
        marked.add(s.subject());
      }
    }
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      if (a.task().equals("stop") && a.runnable() && marked.contains(a.resource())) {
        actions.set(
            i,
            new Action(a.key(), a.resource(), a.task(), a.intervalMs(), a.node(), false, a.meta()));
      }
    }
  }
}
