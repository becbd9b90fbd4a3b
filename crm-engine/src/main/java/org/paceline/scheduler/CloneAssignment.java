package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Role;

/**
 * Assignment of a clone's instances to nodes, as Pacemaker 2.1.5 distributes them: running
 * instances stay where they are while their node is as good for them as any other (up to clone-max
 * / usable nodes per node), then the rest are placed by score with clone-node-max, spreading first
 * and filling up after; with a placement strategy, only where capacity allows.
 */
final class CloneAssignment {
  private final Placement p;

  CloneAssignment(Placement p) {
    this.p = p;
  }

  void distributeClone(TopLevelResource t, int[] scores) {
    if (t.stoppedByRole) {
      return;
    }
    int allowed = 0;
    int usable = 0;
    for (int i = 0; i < p.nodes.size(); i++) {
      if (p.available(i) && scores[i] >= 0) {
        allowed++;
      }
      if (p.available(i)) {
        usable++;
      }
    }
    if (t.finiteColocations.isEmpty() && allowed == 0 || usable == 0) {
      return;
    }
    if (!t.finiteColocations.isEmpty()) {
      // A finite colocation may be rolled back for an instance: count what could take one.
      allowed = Math.max(allowed, usable);
    }
    int[] perNode = new int[p.nodes.size()];
    int placed = 0;
    List<ResourceInstance> running = new ArrayList<>();
    for (ResourceInstance u : t.instances) {
      Integer at = u.currentNode() == null ? null : p.nodeIndex.get(u.currentNode());
      if (at != null && p.nodes.get(at).maintenance()) {
        // An instance on a node in maintenance stays there, unmanaged, and counts.
        place(u, at, perNode);
        placed++;
      } else if (u.currentNode() != null && !Placement.failedUnit(u)) {
        running.add(u);
      }
    }
    // An instance sees its dependents' positive preferences only when the clone has fewer
    // instances than there are nodes (distribute_children's all_coloc).
    int[] own = t.cloneMax < usable || t.instanceScores == null ? scores : t.instanceScores;
    int limit = Math.min(t.cloneMax, allowed * t.cloneNodeMax + placed);
    int optimal = Math.max(1, t.cloneMax / allowed);
    running.sort(
        (a, b) -> {
          Integer ia = p.nodeIndex.get(a.currentNode());
          Integer ib = p.nodeIndex.get(b.currentNode());
          int sa = ia == null ? -Placement.INF : scores[ia];
          int sb = ib == null ? -Placement.INF : scores[ib];
          return sa != sb ? Integer.compare(sb, sa) : Integer.compare(a.instance, b.instance);
        });
    for (ResourceInstance u : running) {
      Integer idx = p.nodeIndex.get(u.currentNode());
      if (placed >= limit
          || idx == null
          || !p.available(idx)
          || scores[idx] < 0
          || perNode[idx] >= Math.min(optimal, t.cloneNodeMax)
          || (p.util.enabled() && !p.util.enough(idx, p.capacity.demand(t, u, scores)))) {
        continue;
      }
      p.listing.instanceScoreLine(
          t, u, perNode); // printed even when Pacemaker then reverts the attempt
      if (!bestForInstance(t, u, idx, own, perNode)) {
        continue;
      }
      place(u, idx, perNode);
      placed++;
    }
    for (ResourceInstance u : instanceOrder(t, scores)) {
      if (u.assigned != null) {
        continue;
      }
      if (placed >= Math.min(limit, t.cloneMax)) {
        if (placed < t.cloneMax) {
          p.listing.instanceScoreLine(
              t, u, perNode); // Pacemaker tries it and finds every node full
        }
        continue;
      }
      // Spread first (at most clone-max / usable nodes each), then fill up to clone-node-max.
      p.listing.instanceScoreLine(t, u, perNode);
      int[] s = perInstanceColocations(t, own, perNode);
      p.baseScores.applyStickiness(t, u, s);
      java.util.Map<String, Integer> need =
          p.util.enabled() ? p.capacity.demand(t, u, scores) : null;
      for (int i = 0; i < s.length; i++) {
        s[i] = Placement.add(s[i], pull(u, i));
        if (need != null && !p.util.enough(i, need)) {
          s[i] = -Placement.INF;
        }
      }
      // assign_instance bans only nodes holding clone-node-max instances: the best score among
      // the others wins (stickiness too); spreading only breaks ties between equal scores.
      int top = -1;
      int topAt = p.bestNode(s, u.currentNode(), fullAt(perNode, t.cloneNodeMax));
      if (topAt >= 0) {
        top = s[topAt];
      }
      int node = -1;
      for (int cap : new int[] {Math.min(optimal, t.cloneNodeMax), t.cloneNodeMax}) {
        boolean[] full = fullAt(perNode, cap);
        for (int i = 0; i < p.nodes.size(); i++) {
          full[i] |= s[i] < top;
        }
        node = p.bestNode(s, u.currentNode(), full);
        if (node >= 0) {
          break;
        }
      }
      if (node < 0) {
        continue;
      }
      place(u, node, perNode);
      placed++;
    }
  }

  private boolean[] fullAt(int[] perNode, int cap) {
    boolean[] full = new boolean[p.nodes.size()];
    for (int i = 0; i < p.nodes.size(); i++) {
      full[i] = perNode[i] >= cap;
    }
    return full;
  }

  /**
   * The order Pacemaker assigns the remaining instances in (sort_clone_instance): first those whose
   * current node still allows them, active before inactive (an inactive one counts as allowed),
   * healthy before failed; then those whose node no longer allows them; each by instance number.
   * The higher priority (a promotable instance's best promotion score) goes first after the
   * stranded test, active or not (pcmk__cmp_instance). A stopped instance thus takes a free place
   * before one stranded on a banned or lost node.
   */
  private List<ResourceInstance> instanceOrder(TopLevelResource t, int[] scores) {
    List<ResourceInstance> order = new ArrayList<>(t.instances);
    order.sort(
        java.util.Comparator.comparingInt((ResourceInstance u) -> stranded(t, u) ? 1 : 0)
            .thenComparingInt(u -> -u.assignPriority)
            .thenComparingInt(u -> u.currentNode() != null && !stranded(t, u) ? 0 : 1)
            .thenComparingInt(u -> Placement.failedUnit(u) ? 1 : 0)
            .thenComparingInt(u -> u.instance));
    return order;
  }

  /**
   * Whether the instance's own weight for the node it runs on is negative: the clone's scores
   * before colocations (locations, failures) plus its stickiness there, as the instance's allowed
   * nodes hold them when Pacemaker sorts the instances. A node that is merely unavailable (standby,
   * down), or excluded only by a colocation, still counts as allowed here.
   */
  private boolean stranded(TopLevelResource t, ResourceInstance u) {
    if (u.currentNode() == null) {
      return false;
    }
    Integer at = p.nodeIndex.get(u.currentNode());
    if (at == null) {
      return true;
    }
    int[] own = t.preColocationScores != null ? t.preColocationScores : t.scores;
    int weight = own[at];
    for (PrimitiveInstance l : u.primitives) {
      weight = Placement.add(weight, p.baseScores.stickiness(t, l.primitive));
    }
    return weight < 0;
  }

  /**
   * The clone's scores as one more instance sees them: each finite colocation of the clone applied
   * again for this instance and rolled back when it would leave the instance no usable node (a node
   * already holding clone-node-max instances counts as unusable), as Pacemaker applies the clone's
   * colocations to each instance it assigns.
   */
  private int[] perInstanceColocations(TopLevelResource t, int[] scores, int[] perNode) {
    int[] s = scores.clone();
    if (t.finiteColocations.isEmpty()) {
      return s;
    }
    for (int[] d : t.finiteColocations) {
      for (int i = 0; i < s.length; i++) {
        if (Math.abs(s[i]) < Placement.INF) {
          s[i] -= d[i];
        }
      }
    }
    for (int[] d : t.finiteColocations) {
      int[] trial = s.clone();
      boolean usable = false;
      for (int i = 0; i < s.length; i++) {
        trial[i] = Placement.add(trial[i], d[i]);
        if (trial[i] >= 0 && p.available(i) && perNode[i] < t.cloneNodeMax) {
          usable = true;
        }
      }
      if (usable) {
        s = trial;
      }
    }
    return s;
  }

  /**
   * Pacemaker keeps an instance on its current node only if that node scores at least as well for
   * it (stickiness included) as any other node it could take; otherwise it is placed anew.
   */
  boolean bestForInstance(
      TopLevelResource t, ResourceInstance u, int cur, int[] scores, int[] perNode) {
    int stick = 0;
    for (PrimitiveInstance l : u.primitives) {
      if (l.currentNode() != null && p.nodeIndex.get(l.currentNode()) == cur && t.managed) {
        stick = Placement.add(stick, p.baseScores.stickiness(t, l.primitive));
      }
    }
    int here = Placement.add(Placement.add(scores[cur], stick), pull(u, cur));
    for (int i = 0; i < p.nodes.size(); i++) {
      if (i != cur
          && p.available(i)
          && perNode[i] < t.cloneNodeMax
          && Placement.add(scores[i], pull(u, i)) > here) {
        return false;
      }
    }
    return true;
  }

  static int pull(ResourceInstance u, int i) {
    return u.promotionPull == null ? 0 : u.promotionPull[i];
  }

  void place(ResourceInstance u, int node, int[] perNode) {
    u.assigned = p.nodes.get(node).name();
    // A member of a cloned group whose target-role is Stopped stays stopped in every instance, and
    // the members after it (colocated with it inside the group) with it.
    boolean stopped = false;
    for (PrimitiveInstance l : u.primitives) {
      stopped |= u.primitives.size() > 1 && p.ex.targetRole(l.primitive) == Role.STOPPED;
      if (stopped) {
        l.blocked = true;
      }
    }
    perNode[node]++;
    p.leafCount[node] += u.primitives.size();
    p.util.consume(node, u.primitives);
  }
}
