package org.paceline.scheduler;

import java.util.Arrays;
import java.util.List;

/**
 * The allocation score lines crm_simulate -s prints, as Pacemaker 2.1.5 prints them for group
 * members and clone instances, and what colocations changed in a resource's scores.
 */
final class ScoreListing {
  private final Placement p;

  ScoreListing(Placement p) {
    this.p = p;
  }

  /**
   * A group's members as Pacemaker assigns them (pcmk__primitive_assign): the first member with
   * every later member's own scores merged in and the group's colocations applied; each later
   * member only where the one before it went (its own scores plus those after it there).
   */
  void memberScoreLines(TopLevelResource t, int[] base, int[] finalScores) {
    ResourceInstance u = t.instances.get(0);
    List<PrimitiveInstance> members = u.primitives;
    int n = p.nodes.size();
    int[] first = new int[n];
    int[] delta = delta(base, finalScores);
    for (int i = 0; i < n; i++) {
      int own = 0;
      for (PrimitiveInstance l : members) {
        own = Placement.add(own, l.own[i]);
      }
      first[i] = Placement.add(own, delta[i]);
    }
    p.scoreLines(Placement.PRIMITIVE_STAGE, members.get(0).name, first);
    Integer where = u.assigned == null ? null : p.nodeIndex.get(u.assigned);
    for (int k = 1; k < members.size(); k++) {
      int[] s = new int[n];
      Arrays.fill(s, -Placement.INF);
      if (where != null && !members.get(k - 1).blocked) {
        int v = 0;
        for (int j = k; j < members.size(); j++) {
          v = Placement.add(v, members.get(j).own[where]);
        }
        s[where] = v;
      }
      p.scoreLines(Placement.PRIMITIVE_STAGE, members.get(k).name, s);
    }
  }

  /**
   * What colocations (and dependents' pull) changed: per node, -Placement.INF/Placement.INF when
   * they decided.
   */
  int[] delta(int[] base, int[] finalScores) {
    int[] d = new int[p.nodes.size()];
    for (int i = 0; i < d.length; i++) {
      if (finalScores[i] == -Placement.INF && base[i] != -Placement.INF) {
        d[i] = -Placement.INF;
      } else if (finalScores[i] == Placement.INF && base[i] != Placement.INF) {
        d[i] = Placement.INF;
      } else if (Math.abs(finalScores[i]) == Placement.INF || Math.abs(base[i]) == Placement.INF) {
        d[i] = 0;
      } else {
        d[i] = finalScores[i] - base[i];
      }
    }
    return d;
  }

  /**
   * A clone instance's scores when Pacemaker assigns it (pcmk__primitive_assign): its own, the
   * clone's colocations, and -INFINITY where it cannot run or clone-node-max is reached.
   */
  void instanceScoreLine(TopLevelResource t, ResourceInstance u, int[] perNode) {
    if (u.own == null) {
      return;
    }
    int[] s = new int[p.nodes.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] =
          !p.available(i) || perNode[i] >= t.cloneNodeMax
              ? -Placement.INF
              : Placement.add(u.own[i], t.colocationDelta[i]);
    }
    p.scoreLines(Placement.PRIMITIVE_STAGE, u.id, s);
  }
}
