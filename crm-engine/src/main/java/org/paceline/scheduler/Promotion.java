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
import org.paceline.unpack.GuestNodes;
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

  /** Guest node name to its container, read once (see {@link #attributeSource}). */
  private Map<String, String> guestContainers;

  Promotion(Placement p) {
    this.p = p;
  }

  /**
   * Pacemaker adds a promotable instance's positive promotion score on each available node to its
   * node scores before placing it (pcmk__add_promotion_scores).
   */
  void addPromotionScores(ResourceInstance u) {
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

  void choosePromoted(TopLevelResource t) {
    boolean noQuorumDemote =
        !p.status.haveQuorum()
            && ClusterOption.noQuorumPolicy(p.cib.configuration()) == NoQuorumPolicy.DEMOTE;
    List<ResourceInstance> candidates = new ArrayList<>();
    for (ResourceInstance u : t.instances) {
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
      int score = withPromotedDependents(t, idx, Placement.add(base == null ? 0 : base, bonus));
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
          // cmp_promotable_instance: the higher current role first (enum order is Pacemaker's);
          // a started instance of a promotable clone is unpromoted.
          Role ra = unpromotedIfStarted(a.currentRole());
          Role rb = unpromotedIfStarted(b.currentRole());
          if (ra != rb) {
            return rb.compareTo(ra);
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
    for (ResourceInstance u : candidates) {
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
    if (!p.status.haveQuorum()
        && ClusterOption.noQuorumPolicy(p.cib.configuration()) == NoQuorumPolicy.FREEZE) {
      // no-quorum-policy=freeze: no role is elevated (native_create_actions keeps the current
      // one); the chosen instance still took its promoted slot, so no other one is promoted.
      for (ResourceInstance u : candidates) {
        if (u.nextRole == Role.PROMOTED && u.currentRole() != Role.PROMOTED) {
          u.nextRole = Role.UNPROMOTED;
        }
      }
    }
  }

  private static Role unpromotedIfStarted(Role r) {
    return r == Role.STARTED ? Role.UNPROMOTED : r;
  }

  /**
   * The promotion score on a node once the resources that want to be with the promoted instance
   * have had their say: each such dependent's score there, scaled by the colocation score over
   * INFINITY, is added the way Pacemaker merges it (pe_weights_positive in promotion_order): a node
   * with a positive score that the dependent would push below zero keeps 1, one at 0 keeps 0, so a
   * dependent that cannot run with an instance makes it the last choice, not excluded.
   */
  private int withPromotedDependents(TopLevelResource t, int idx, int score) {
    for (Colocation c : p.asPrimary.getOrDefault(t, List.of())) {
      if (c.primaryRole() != Role.PROMOTED || c.dependentRole() != null || c.score() == 0) {
        continue;
      }
      float f = c.score() / (float) Placement.INF;
      int ds = p.colocationScores.dependentScore(c.dependent(), c, idx);
      int delta;
      if (Math.abs(ds) >= Placement.INF) {
        // A ban on the dependent does not attract the primary under an anti-colocation.
        delta = f > 0 ? ds : (f < 0 && ds > 0 ? -ds : 0);
      } else {
        delta = (int) (f * ds);
      }
      int merged = Placement.add(score, delta);
      if (merged < 0 && score > 0) {
        score = 1;
      } else if (merged >= 0 || score < 0) {
        score = merged;
      }
    }
    return score;
  }

  /**
   * Each instance's promotion score as Pacemaker prints it: on its node, the recorded promotion
   * score plus promoted-role constraints (-1 when there is neither); "none: 0" when not placed.
   */
  void promotionScoreLines(TopLevelResource t) {
    for (ResourceInstance u : t.instances) {
      if (u.assigned == null) {
        p.scoreLines.addOne(ScoreLine.PROMOTION, u.id, "none", 0);
        continue;
      }
      int s = u.promotionScore == Integer.MIN_VALUE ? -1 : u.promotionScore;
      p.scoreLines.addOne(ScoreLine.PROMOTION, u.id, u.assigned, s);
    }
  }

  /** The promotion score an agent recorded ({@code master-RSC}) on the instance's node. */
  Integer promotionAttribute(ResourceInstance u) {
    return promotionAttribute(u, u.assigned);
  }

  Integer promotionAttribute(ResourceInstance u, String node) {
    NodeStatus guestNode = node == null ? null : p.status.node(node);
    if (guestNode == null) {
      return null;
    }
    Integer total = null;
    for (PrimitiveInstance l : u.primitives) {
      NodeStatus n = attributeSource(l, node, guestNode);
      if (n == null) {
        continue;
      }
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
      if (v == null && !u.top.unique && l.active.isEmpty()) {
        // An instance with no history keeps its own name (promotion_score falls back to the
        // instance id when there is no clone_name).
        v = n.attributes().get("master-" + l.name);
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

  /**
   * Whose attributes a resource reads on a node (pe_node_attribute_calculated): its own, unless the
   * resource says container-attribute-target=host and the node is a guest, whose attributes then
   * are its container's host's (none while the container is not active), because such an agent
   * records them where the container's storage is.
   */
  private NodeStatus attributeSource(PrimitiveInstance l, String node, NodeStatus own) {
    boolean host =
        p.ex
            .inheritedMeta(l.primitive, "container-attribute-target")
            .map(v -> v.trim().equalsIgnoreCase("host"))
            .orElse(false);
    String container = host ? guestContainers().get(node) : null;
    if (container == null) {
      return own;
    }
    for (TopLevelResource t : p.ex.tops) {
      for (PrimitiveInstance c : t.clone ? List.<PrimitiveInstance>of() : t.primitives()) {
        if (c.primitive.id().equals(container)) {
          return c.currentNode() == null ? null : p.status.node(c.currentNode());
        }
      }
    }
    return null;
  }

  private Map<String, String> guestContainers() {
    if (guestContainers == null) {
      guestContainers = GuestNodes.containers(p.cib.configuration());
    }
    return guestContainers;
  }
}
