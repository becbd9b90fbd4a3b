package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Placement with a placement strategy other than default (see {@link Utilization}): the order in
 * which resources are assigned (priority, score on the current node, scores in node order) and the
 * bans of nodes without the capacity for a resource and its unassigned colocated resources
 * (pcmk__ban_insufficient_capacity).
 */
final class CapacityPlacement {
  private final Placement p;

  CapacityPlacement(Placement p) {
    this.p = p;
  }

  /**
   * With a placement strategy other than default, Pacemaker assigns resources by priority, then by
   * the score on their current node, then by their scores on the nodes in node order (the nodes
   * sorted by free capacity for balanced, then by name); a stable sort keeps the rest in order.
   */
  int utilizationOrder(Top a, Top b) {
    if (a.priority != b.priority) {
      return Integer.compare(b.priority, a.priority);
    }
    int ca = scoreOn(a, currentIndex(a));
    int cb = scoreOn(b, currentIndex(b));
    if (ca != cb) {
      return Integer.compare(cb, ca);
    }
    for (int i : nodeOrder()) {
      if (a.scores[i] != b.scores[i]) {
        return Integer.compare(b.scores[i], a.scores[i]);
      }
    }
    return 0;
  }

  Integer currentIndex(Top t) {
    for (Unit u : t.units) {
      if (u.currentNode() != null) {
        return p.nodeIndex.get(u.currentNode());
      }
    }
    return null;
  }

  static int scoreOn(Top t, Integer i) {
    return i == null ? -Placement.INF : t.scores[i];
  }

  List<Integer> nodeOrder() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < p.nodes.size(); i++) {
      order.add(i);
    }
    order.sort(
        (x, y) -> {
          if (p.available(x) != p.available(y)) {
            return p.available(x) ? -1 : 1; // compare_nodes: an unavailable node scores -INFINITY
          }
          if (p.util.strategy.equals("balanced")) {
            int c = p.util.compareCapacity(x, y);
            if (c != 0) {
              return c;
            }
          }
          return p.nodes.get(x).name().compareTo(p.nodes.get(y).name());
        });
    return order;
  }

  /**
   * Pacemaker's pcmk__ban_insufficient_capacity: bans the nodes that cannot hold the unit and the
   * not yet assigned resources colocated with it; when no node can hold them all, only the nodes
   * that cannot hold the unit alone.
   */
  void banInsufficientCapacity(Top t, Unit u, int[] scores) {
    if (!p.util.enabled()) {
      return;
    }
    Map<String, Integer> need = demand(t, u);
    for (int i = 0; i < p.nodes.size(); i++) {
      if (p.available(i) && !p.util.enough(i, need) && scores[i] != -Placement.INF) {
        p.contribute(t, scores, i, -Placement.INF, "__limit_utilization__");
      }
    }
  }

  /**
   * What a node needs to hold the unit (a resource or one clone instance) together with the not yet
   * assigned resources colocated with it (one instance of a clone), or the unit alone when no node
   * can hold them all, as pcmk__ban_insufficient_capacity sums them.
   */
  Map<String, Integer> demand(Top t, Unit u) {
    List<Leaf> together = new ArrayList<>(u.leaves);
    for (Top o : colocatedTops(t)) {
      if (o != t && !o.assigned && !o.assigning) {
        for (Unit ou : o.units) {
          together.addAll(ou.leaves);
          if (o.clone) {
            break; // one instance of a clone goes with it
          }
        }
      }
    }
    Map<String, Integer> all = p.util.demand(together);
    for (int i = 0; i < p.nodes.size(); i++) {
      if (p.available(i) && p.util.enough(i, all)) {
        return all;
      }
    }
    return p.util.demand(u.leaves);
  }

  /** The tops colocated with t at INFINITY, either way and transitively (t included). */
  List<Top> colocatedTops(Top t) {
    List<Top> out = new ArrayList<>();
    java.util.ArrayDeque<Top> todo = new java.util.ArrayDeque<>(List.of(t));
    while (!todo.isEmpty()) {
      Top x = todo.poll();
      if (out.contains(x)) {
        continue;
      }
      out.add(x);
      for (Colocation c : p.asDependent.getOrDefault(x, List.of())) {
        if (c.score() >= Placement.INF) {
          todo.add(c.primary());
        }
      }
      for (Colocation c : p.asPrimary.getOrDefault(x, List.of())) {
        if (c.score() >= Placement.INF && !(x.clone && !c.dependent().clone)) {
          todo.add(c.dependent());
        }
      }
    }
    return out;
  }
}
