package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.NoQuorumPolicy;
import org.paceline.cib.Role;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.MetaLookup;
import org.paceline.unpack.NodeStatus;

/**
 * Promotion of promotable clone instances, as Pacemaker 2.1.5 chooses them: each placed instance's
 * promotion score (the master-RSC or promotion-RSC attribute its agent set, plus promoted-role
 * constraints and colocations), the best promoted-max instances promoted (at most promoted-node-max
 * per node), and the positive promotion score added to an instance's node scores before it is
 * placed (pcmk__add_promotion_scores).
 */
final class Promotion {
  private final Placement p;

  Promotion(Placement p) {
    this.p = p;
  }

  /**
   * Pacemaker adds a promotable instance's positive promotion score on each available node to its
   * node scores before placing it (pcmk__add_promotion_scores).
   */
  void addPromotionScores(Unit u) {
    u.promotionPull = new int[p.nodes.size()];
    for (int i = 0; i < p.nodes.size(); i++) {
      if (!p.available(i)) {
        continue;
      }
      Integer v = promotionAttribute(u, p.nodes.get(i).name());
      if (v != null && v > u.assignPriority) {
        // The best promotion score becomes the instance's priority, so it is assigned earlier.
        u.assignPriority = v;
      }
      if (v != null && v > 0) {
        u.promotionPull[i] = v;
        u.own[i] = Placement.add(u.own[i], v);
      }
    }
  }

  void choosePromoted(Top t) {
    boolean noQuorumDemote =
        !p.status.haveQuorum()
            && ClusterOption.noQuorumPolicy(p.cib.configuration()) == NoQuorumPolicy.DEMOTE;
    List<Unit> candidates = new ArrayList<>();
    for (Unit u : t.units) {
      if (u.assigned == null) {
        continue;
      }
      u.nextRole = Role.UNPROMOTED;
      int idx = p.nodeIndex.get(u.assigned);
      Integer base = promotionAttribute(u);
      int bonus = t.promotionBonus[idx];
      boolean hasBonus = bonus != 0;
      if (base == null && !hasBonus) {
        continue;
      }
      int score = Placement.add(base == null ? 0 : base, bonus);
      u.promotionScore = score;
      if (score >= 0) {
        candidates.add(u);
      }
    }
    if (t.promotionDisallowed || noQuorumDemote) {
      return;
    }
    candidates.sort(
        (a, b) -> {
          if (a.promotionScore != b.promotionScore) {
            return Integer.compare(b.promotionScore, a.promotionScore);
          }
          // cmp_promotable_instance: the higher current role first (enum order is Pacemaker's).
          if (a.currentRole() != b.currentRole()) {
            return b.currentRole().compareTo(a.currentRole());
          }
          // pcmk__cmp_instance, among equals: an instance that did not fail before one that did.
          boolean fa = Placement.failedUnit(a);
          boolean fb = Placement.failedUnit(b);
          if (fa != fb) {
            return fa ? 1 : -1;
          }
          // Then the clone's own preference for the node (dependents' pull included).
          int na = t.scores[p.nodeIndex.get(a.assigned)];
          int nb = t.scores[p.nodeIndex.get(b.assigned)];
          if (na != nb) {
            return Integer.compare(nb, na);
          }
          return Integer.compare(a.instance, b.instance);
        });
    Map<String, Integer> perNode = new HashMap<>();
    int promoted = 0;
    for (Unit u : candidates) {
      if (promoted >= t.promotedMax) {
        break;
      }
      if (perNode.getOrDefault(u.assigned, 0) >= t.promotedNodeMax) {
        continue;
      }
      u.nextRole = Role.PROMOTED;
      perNode.merge(u.assigned, 1, Integer::sum);
      promoted++;
    }
  }

  /**
   * Each instance's promotion score as Pacemaker prints it: on its node, the recorded promotion
   * score plus promoted-role constraints (-1 when there is neither); "none: 0" when not placed.
   */
  void promotionScoreLines(Top t) {
    for (Unit u : t.units) {
      if (u.assigned == null) {
        p.scoreLines.addOne(ScoreLine.PROMOTION, u.id, "none", 0);
        continue;
      }
      int s = u.promotionScore == Integer.MIN_VALUE ? -1 : u.promotionScore;
      p.scoreLines.addOne(ScoreLine.PROMOTION, u.id, u.assigned, s);
    }
  }

  /** The promotion score an agent recorded ({@code master-RSC}) on the instance's node. */
  Integer promotionAttribute(Unit u) {
    return promotionAttribute(u, u.assigned);
  }

  Integer promotionAttribute(Unit u, String node) {
    NodeStatus n = node == null ? null : p.status.node(node);
    if (n == null) {
      return null;
    }
    Integer total = null;
    for (Leaf l : u.leaves) {
      String pid = l.primitive.id();
      // Pacemaker looks up the anonymous name first, then the name the history on that node
      // recorded (which may carry another instance number than ours).
      String v = n.attributes().get("master-" + (u.top.unique ? l.name : pid));
      for (ActiveInstance a : l.active) {
        if (v == null && a.node().equals(node)) {
          v = n.attributes().get("master-" + a.historyId());
        }
      }
      if (v == null && u.top.unique) {
        v = n.attributes().get("master-" + pid);
      }
      if (v == null) {
        v = n.attributes().get("promotion-" + pid);
      }
      if (v != null) {
        int s = MetaLookup.intOf(Optional.of(v), 0);
        total = total == null ? s : Placement.add(total, s);
      }
    }
    return total;
  }
}
