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
  int utilizationOrder(TopLevelResource a, TopLevelResource b) {
    if (a.priority != b.priority) {
      return Integer.compare(b.priority, a.priority);
    }
    // Pacemaker compares the scores with the resource's own "this with" colocations merged in
    // (cmp_resources calls add_colocated_node_scores): a resource whose primary cannot stay on
    // its current node no longer counts as preferring that node.
    int[] sa = withPrimaries(a);
    int[] sb = withPrimaries(b);
    int ca = scoreOn(sa, currentIndex(a));
    int cb = scoreOn(sb, currentIndex(b));
    if (ca != cb) {
      return Integer.compare(cb, ca);
    }
    for (int i : nodeOrder()) {
      if (sa[i] != sb[i]) {
        return Integer.compare(sb[i], sa[i]);
      }
    }
    return 0;
  }

  /**
   * A resource's scores with the scores of the resources it is colocated with (its primaries,
   * transitively) added, each scaled by the colocation's score over INFINITY; a primary whose
   * scores would leave no usable node is rolled back, as Pacemaker's add_colocated_node_scores does
   * with pcmk__coloc_select_this_with.
   */
  int[] withPrimaries(TopLevelResource t) {
    List<TopLevelResource> merging = new ArrayList<>(List.of(t));
    return mergePrimaries(t, t.scores.clone(), 1.0f, merging);
  }

  private int[] mergePrimaries(
      TopLevelResource t, int[] work, float factor, List<TopLevelResource> merging) {
    for (Colocation c : p.asDependent.getOrDefault(t, List.of())) {
      TopLevelResource primary = c.primary();
      if (merging.contains(primary)) {
        continue; // a colocation loop is broken here, as Pacemaker's pe_rsc_merging flag does
      }
      merging.add(primary);
      float f = factor * c.score() / (float) Placement.INF;
      int[] trial = work.clone();
      addScoresMatchingAttr(trial, primary, c.nodeAttribute(), f);
      trial = mergePrimaries(primary, trial, f, merging);
      merging.remove(primary);
      if (anyUsable(trial)) {
        work = trial;
      }
    }
    return work;
  }

  /** Pacemaker's add_node_scores_matching_attr: adds factor times the other's best score. */
  private void addScoresMatchingAttr(
      int[] work, TopLevelResource other, String attr, float factor) {
    for (int i = 0; i < work.length; i++) {
      int score = bestScoreMatchingAttr(other, attr, i);
      if (factor < 0 && score < 0) {
        continue; // a negative preference for a node with a negative score is no attraction
      }
      float weightF = factor * score;
      int weight = (int) (weightF < 0 ? weightF - 0.5f : weightF + 0.5f);
      if (weight == 0 && score != 0) {
        weight = factor > 0 ? 1 : factor < 0 ? -1 : 0; // small factors must not erase a score
      }
      work[i] = Placement.add(weight, work[i]);
    }
  }

  private int bestScoreMatchingAttr(TopLevelResource other, String attr, int node) {
    if (attr == null || attr.equals("#uname")) {
      return p.available(node) ? other.scores[node] : -Placement.INF;
    }
    String value = p.nodes.get(node).attributes().get(attr);
    int best = -Placement.INF;
    for (int j = 0; j < p.nodes.size(); j++) {
      if (p.available(j)
          && other.scores[j] > best
          && java.util.Objects.equals(value, p.nodes.get(j).attributes().get(attr))) {
        best = other.scores[j];
      }
    }
    return best;
  }

  private boolean anyUsable(int[] scores) {
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] >= 0 && p.available(i)) {
        return true;
      }
    }
    return false;
  }

  Integer currentIndex(TopLevelResource t) {
    for (ResourceInstance u : t.instances) {
      if (u.currentNode() != null) {
        return p.nodeIndex.get(u.currentNode());
      }
    }
    return null;
  }

  static int scoreOn(int[] scores, Integer i) {
    return i == null ? -Placement.INF : scores[i];
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
   * Pacemaker's pcmk__ban_insufficient_capacity: bans the nodes that cannot hold the instance and
   * the not yet assigned resources colocated with it; when no node can hold them all, only the
   * nodes that cannot hold the instance alone.
   */
  void banInsufficientCapacity(TopLevelResource t, ResourceInstance u, int[] scores) {
    if (!p.util.enabled()) {
      return;
    }
    Map<String, Integer> need = demand(t, u, scores);
    for (int i = 0; i < p.nodes.size(); i++) {
      if (p.available(i) && !p.util.enough(i, need) && scores[i] != -Placement.INF) {
        p.contribute(t, scores, i, -Placement.INF, "__limit_utilization__");
      }
    }
  }

  /**
   * What a node needs to hold the instance (a resource or one clone instance) together with the not
   * yet assigned resources colocated with it (one instance of a clone), or the instance alone when
   * no node can hold them all, as pcmk__ban_insufficient_capacity sums them.
   */
  Map<String, Integer> demand(TopLevelResource t, ResourceInstance u, int[] scores) {
    List<PrimitiveInstance> together = new ArrayList<>(u.primitives);
    for (TopLevelResource o : colocatedTops(t)) {
      if (o != t && !o.assigned && !o.assigning) {
        for (ResourceInstance ou : o.instances) {
          together.addAll(ou.primitives);
          if (o.clone) {
            break; // one instance of a clone goes with it
          }
        }
      }
    }
    Map<String, Integer> all = p.util.demand(together);
    for (int i = 0; i < p.nodes.size(); i++) {
      // Only a node the resource may run on counts (pcmk__node_available with its score).
      if (p.available(i) && scores[i] >= 0 && p.util.enough(i, all)) {
        return all;
      }
    }
    return p.util.demand(u.primitives);
  }

  /** The tops colocated with t at INFINITY, either way and transitively (t included). */
  List<TopLevelResource> colocatedTops(TopLevelResource t) {
    List<TopLevelResource> out = new ArrayList<>();
    java.util.ArrayDeque<TopLevelResource> todo = new java.util.ArrayDeque<>(List.of(t));
    while (!todo.isEmpty()) {
      TopLevelResource x = todo.poll();
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
