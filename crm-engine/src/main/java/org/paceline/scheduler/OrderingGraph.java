package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.paceline.cib.Role;

/** The ordering edges between a transition's planned actions (Pacemaker's internal orders). */
final class OrderingGraph {
  private OrderingGraph() {}

  /**
   * The ordering graph between the planned actions, as Pacemaker builds it: per instance demote
   * before stop before start before promote; group members start in order and stop in reverse; a
   * promotable clone promotes only after its demotions and the stop of a promoted instance; user
   * orders between every instance of first and then, and their inverse when symmetrical.
   */
  static void build(
      List<Action> actions,
      List<OrderEdge> edges,
      List<TopLevelResource> tops,
      List<Ordering> orderings) {
    // Probes are never ordered here (their keys end in _monitor_0, no edge names one): leaving
    // them out keeps this set at the size of the real transition, not nodes x resources.
    Set<String> keys = new HashSet<>();
    for (Action a : actions) {
      if (!(a.intervalMs() == 0 && a.task() == ActionTask.MONITOR)) {
        keys.add(a.key());
      }
    }
    Set<String> seen = new HashSet<>();
    for (OrderEdge e : edges) {
      seen.add(e.first() + "\0" + e.then());
    }
    java.util.function.BiConsumer<String[], Boolean> add =
        (ft, mandatory) -> {
          if (keys.contains(ft[0])
              && keys.contains(ft[1])
              && !ft[0].equals(ft[1])
              && seen.add(ft[0] + "\0" + ft[1])) {
            edges.add(new OrderEdge(ft[0], ft[1], mandatory, ft[2]));
          }
        };
    for (TopLevelResource t : tops) {
      List<String> promotes = new ArrayList<>();
      List<String> beforePromote = new ArrayList<>();
      for (ResourceInstance u : t.instances) {
        List<PrimitiveInstance> ls = u.primitives;
        for (PrimitiveInstance l : ls) {
          add.accept(new String[] {k(l, "demote"), k(l, "stop"), "demote before stop"}, true);
          add.accept(new String[] {k(l, "stop"), k(l, "start"), "stop before start"}, true);
          add.accept(new String[] {k(l, "start"), k(l, "promote"), "promote after start"}, true);
          add.accept(new String[] {k(l, "demote"), k(l, "migrate_to"), "demote first"}, true);
          promotes.add(k(l, "promote"));
          beforePromote.add(k(l, "demote"));
          if (l.currentRole() == Role.PROMOTED) {
            beforePromote.add(k(l, "stop"));
          }
        }
        for (int i = 0; i + 1 < ls.size(); i++) {
          PrimitiveInstance a = ls.get(i);
          PrimitiveInstance b = ls.get(i + 1);
          String why = "group " + t.id();
          add.accept(new String[] {k(a, "start"), k(b, "start"), why}, true);
          add.accept(new String[] {k(b, "stop"), k(a, "stop"), why}, true);
          add.accept(new String[] {k(a, "promote"), k(b, "promote"), why}, true);
          add.accept(new String[] {k(b, "demote"), k(a, "demote"), why}, true);
        }
      }
      if (t.promotable) {
        for (String first : beforePromote) {
          for (String then : promotes) {
            add.accept(new String[] {first, then, "one promoted instance at a time"}, true);
          }
        }
      }
    }
    for (Ordering o : orderings) {
      String ft = o.firstAction() == null ? "start" : o.firstAction();
      String tt = o.thenAction() == null ? ft : o.thenAction();
      for (PrimitiveInstance f : o.firstLeaves()) {
        for (PrimitiveInstance h : o.thenLeaves()) {
          add.accept(new String[] {k(f, ft), k(h, tt), o.id()}, o.mandatory());
          if (o.symmetrical() && inverse(ft) != null && inverse(tt) != null) {
            add.accept(new String[] {k(h, inverse(tt)), k(f, inverse(ft)), o.id()}, o.mandatory());
          }
        }
      }
    }
  }

  private static String k(PrimitiveInstance l, String task) {
    return l.name + "_" + task + "_0";
  }

  private static String inverse(String task) {
    return switch (task) {
      case "start" -> "stop";
      case "stop" -> "start";
      case "promote" -> "demote";
      case "demote" -> "promote";
      default -> null;
    };
  }
}
