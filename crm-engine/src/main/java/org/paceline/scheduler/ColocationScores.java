package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Role;

/**
 * Applies colocation constraints to a dependent's scores once its primaries are assigned, and lets
 * the resources that follow one pull it toward where they can run.
 */
final class ColocationScores {
  private final Placement placement;

  ColocationScores(Placement placement) {
    this.placement = placement;
  }

  /** Node set where the primary (in the constraint's role) will be. */
  /**
   * Whether a mandatory colocation keeps its dependent off {@code node}: its primary is placed, and
   * not there in the role it names.
   */
  boolean mandatoryBan(Colocation c, int node) {
    return c.score() >= Placement.INF
        && (c.dependentRole() == null || c.dependentRole() == Role.STARTED)
        && c.primary().assigned
        && !primaryNodes(c).contains(node);
  }

  private List<Integer> primaryNodes(Colocation c) {
    List<Integer> out = new ArrayList<>();
    // A mandatory colocation with a clone that has no roles follows its instances whatever role
    // it names (2.1.5's pcmk__clone_apply_coloc_score checks roles for promotable clones only).
    boolean roles = !(c.primary().clone && !c.primary().promotable && c.score() >= Placement.INF);
    for (ResourceInstance u : c.primary().instances) {
      if (u.assigned == null || (!c.primary().managed && Placement.failedUnit(u))) {
        continue; // a failed copy left blocked in place is no place to follow
      }
      if (roles && c.primaryRole() == Role.PROMOTED && u.nextRole != Role.PROMOTED) {
        continue;
      }
      if (c.primaryRole() == Role.UNPROMOTED && u.nextRole == Role.PROMOTED) {
        continue;
      }
      Integer idx = placement.nodeIndex.get(u.assigned);
      if (idx != null && !out.contains(idx)) {
        out.add(idx);
      }
    }
    if (c.nodeAttribute() != null && !c.nodeAttribute().equals("#uname")) {
      List<Integer> same = new ArrayList<>();
      for (int i = 0; i < placement.nodes.size(); i++) {
        String v = placement.nodes.get(i).attributes().get(c.nodeAttribute());
        for (int p : out) {
          if (v != null && v.equals(placement.nodes.get(p).attributes().get(c.nodeAttribute()))) {
            same.add(i);
            break;
          }
        }
      }
      return same;
    }
    return out;
  }

  void applyPrimary(TopLevelResource t, Colocation c, int[] scores) {
    if (!c.primary().assigned) {
      // A primary not assigned yet (a colocation loop broken here) constrains nothing:
      // Pacemaker's colocation_affects says so for a provisional primary.
      return;
    }
    List<Integer> where = primaryNodes(c);
    if (c.dependentRole() == Role.PROMOTED && t.promotable) {
      applyColocationScores(t, c, t.promotionBonus, where);
      return;
    }
    if (c.dependentRole() == Role.UNPROMOTED && t.promotable && c.score() > 0) {
      // Unpromoted instances belong with the primary: the one there should not be promoted.
      String why = "colocation " + c.id() + " (unpromoted with " + c.primary().id() + ")";
      for (int i : where) {
        placement.contribute(
            t, t.promotionBonus, i, c.score() >= Placement.INF ? -Placement.INF : -c.score(), why);
      }
      return;
    }
    if (c.dependentRole() != null && t.promotable) {
      return; // other role-specific constraints on instances only affect roles
    }
    applyColocationScores(t, c, scores, where);
  }

  private void applyColocationScores(
      TopLevelResource t, Colocation c, int[] scores, List<Integer> where) {
    String why = "colocation " + c.id() + " with " + c.primary().id();
    String whyNotThere = why + " (not there)";
    String whyThere = why + " (there)";
    for (int i = 0; i < placement.nodes.size(); i++) {
      boolean there = where.contains(i);
      if (c.score() >= Placement.INF) {
        if (!there) {
          placement.contribute(t, scores, i, -Placement.INF, whyNotThere);
        }
      } else if (c.score() <= -Placement.INF) {
        if (there) {
          placement.contribute(t, scores, i, -Placement.INF, whyThere);
        }
      } else if (there && scores == t.promotionBonus) {
        placement.contribute(t, scores, i, c.score(), why);
      }
    }
    if (Math.abs(c.score()) >= Placement.INF || scores == t.promotionBonus) {
      return;
    }
    // A finite score is applied once per place the primary runs, each application rolled back
    // when it would leave the dependent no usable node (Pacemaker's "Rolling back scores").
    for (int p : where) {
      if (!wouldLeaveANode(scores, p, c.score())) {
        continue;
      }
      placement.contribute(t, scores, p, c.score(), why);
    }
  }

  /** Whether adding {@code score} on node {@code p} still leaves some usable node at 0 or more. */
  private boolean wouldLeaveANode(int[] scores, int p, int score) {
    for (int i = 0; i < placement.nodes.size(); i++) {
      int v = i == p ? Placement.add(scores[i], score) : scores[i];
      if (v >= 0 && placement.available(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Pacemaker lets resources that must follow this one pull it toward where they can run: their
   * scores, scaled by the colocation score over INFINITY, are added unless that leaves no node.
   */
  void addDependentInfluence(
      TopLevelResource t, int[] scores, float factor, int depth, List<TopLevelResource> seen) {
    addDependentInfluence(t, scores, factor, depth, seen, false);
  }

  /**
   * The scores a clone's instances see: the clone's own with only its dependents' negative
   * preferences merged in, recorded nowhere (Pacemaker passes the clone's colocations with a
   * negative score to each instance, the positive ones only when some node gets no instance).
   */
  int[] instanceScores(TopLevelResource t, int[] before) {
    int[] s = before.clone();
    List<ScoreContribution> recorded = placement.contributions.get(t.id());
    int kept = recorded == null ? 0 : recorded.size();
    addDependentInfluence(t, s, 1.0f, 0, new ArrayList<>(List.of(t)), true);
    List<ScoreContribution> now = placement.contributions.get(t.id());
    if (now != null) {
      now.subList(kept, now.size()).clear();
    }
    return s;
  }

  private void addDependentInfluence(
      TopLevelResource t,
      int[] scores,
      float factor,
      int depth,
      List<TopLevelResource> seen,
      boolean negativeOnly) {
    if (depth > 4) {
      return;
    }
    for (Colocation c : placement.asPrimary.getOrDefault(t, List.of())) {
      TopLevelResource d = c.dependent();
      if (d.assigned || seen.contains(d) || c.dependentRole() != null || c.primaryRole() != null) {
        continue;
      }
      if (negativeOnly && depth == 0 && c.score() >= 0) {
        continue;
      }
      float f = factor * c.score() / (float) Placement.INF;
      int[] trial = scores.clone();
      boolean[] hacked = new boolean[placement.nodes.size()];
      for (int i = 0; i < placement.nodes.size(); i++) {
        int ds = dependentScore(d, c, i);
        int delta;
        if (ds == -Placement.INF || ds == Placement.INF) {
          delta = f > 0 ? ds : (f < 0 ? -ds : 0);
          if (f < 0 && ds < 0) {
            delta = 0; // a ban on the dependent does not attract the primary
          }
        } else {
          delta = (int) (f * ds);
        }
        int merged = Placement.add(trial[i], delta);
        if (t.clone && merged < 0 && trial[i] >= 0) {
          // A clone takes only its dependents' positive preferences (Pacemaker merges them
          // with pe_weights_positive): a node they would push below zero keeps a score of 0,
          // and one that had a positive score counts as unusable until the rollback check
          // below, then gets 1.
          hacked[i] = trial[i] > 0;
          merged = trial[i];
        }
        trial[i] = merged;
      }
      boolean any = false;
      for (int i = 0; i < placement.nodes.size(); i++) {
        if (trial[i] >= 0 && !hacked[i] && placement.available(i)) {
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      for (int i = 0; i < placement.nodes.size(); i++) {
        if (hacked[i]) {
          trial[i] = 1;
        }
      }
      for (int i = 0; i < placement.nodes.size(); i++) {
        if (trial[i] != scores[i]) {
          int delta =
              trial[i] == -Placement.INF
                  ? -Placement.INF
                  : trial[i] == Placement.INF ? Placement.INF : trial[i] - scores[i];
          placement.contribute(
              t, scores, i, delta, "preference of " + d.id() + " (colocated with it)");
        }
      }
      seen.add(d);
      addDependentInfluence(d, scores, f, depth + 1, seen);
    }
  }

  /**
   * The dependent's score that counts for node {@code i}: its own there, or with a colocation by
   * node attribute the best it has on any usable node with the same value of that attribute
   * (-INFINITY if none), as Pacemaker's add_node_scores_matching_attr has it.
   */
  int dependentScore(TopLevelResource d, Colocation c, int i) {
    String attr = c.nodeAttribute();
    if (attr == null || attr.equals("#uname")) {
      return d.scores[i];
    }
    String value = placement.nodes.get(i).attributes().get(attr);
    int best = -Placement.INF;
    for (int j = 0; j < placement.nodes.size(); j++) {
      if (placement.available(j)
          && d.scores[j] > best
          && java.util.Objects.equals(value, placement.nodes.get(j).attributes().get(attr))) {
        best = d.scores[j];
      }
    }
    return best;
  }
}
