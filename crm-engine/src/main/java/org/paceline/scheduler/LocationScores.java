package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.paceline.cib.Clone;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.ResourceSet;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.unpack.MetaLookup;
import org.paceline.unpack.RuleEvaluator;

/**
 * Applies location constraints (the CIB's and derived ones, by node or by rule) to resources'
 * scores.
 */
final class LocationScores {
  private final Placement placement;

  LocationScores(Placement placement) {
    this.placement = placement;
  }

  /**
   * Keeps a group's and its members' own scores as Pacemaker prints them (pcmk__group_assign): a
   * constraint on the group scores the group and its first member; later members only gain the node
   * (Pacemaker resets the constraint's score to 0 for them); a constraint on a member scores that
   * member.
   */
  private void ownLocation(TopLevelResource t, String rsc, int idx, int v) {
    if (Placement.isPrimitiveClone(t) && t.instances.get(0).own != null) {
      // A clone's constraint is copied to every instance in full.
      for (ResourceInstance u : t.instances) {
        u.own[idx] = ownAdd(u.own[idx], v);
      }
      return;
    }
    if (t.groupOwn == null) {
      return;
    }
    boolean whole = rsc == null || rsc.equals(t.id());
    if (whole) {
      t.groupOwn[idx] = ownAdd(t.groupOwn[idx], v);
    }
    List<PrimitiveInstance> members = t.instances.get(0).primitives;
    for (int k = 0; k < members.size(); k++) {
      PrimitiveInstance l = members.get(k);
      if (whole) {
        l.own[idx] = ownAdd(l.own[idx], k == 0 ? v : 0);
      } else if (l.primitive.id().equals(rsc)) {
        l.own[idx] = ownAdd(l.own[idx], v);
      }
    }
  }

  private int ownAdd(int cur, int v) {
    return Placement.add(!placement.symmetric && cur == -Placement.INF ? 0 : cur, v);
  }

  void applyLocations() {
    List<org.paceline.cib.Constraint> all =
        new ArrayList<>(placement.cib.configuration().constraints());
    all.addAll(placement.derivedLocations);
    for (var c : all) {
      if (!(c instanceof LocationConstraint lc)) {
        continue;
      }
      List<TopLevelResource> targets = new ArrayList<>();
      Map<TopLevelResource, java.util.regex.MatchResult> matches = new HashMap<>();
      if (lc.rsc() != null) {
        TopLevelResource t = placement.ex.topOf.get(lc.rsc());
        if (t != null) {
          targets.add(t);
        }
      } else if (lc.rscPattern() != null) {
        // Pacemaker: a POSIX regular expression searched in each top-level resource's id; a
        // leading "!" takes the resources it does not match. Its groups fill %N in rules.
        boolean invert = lc.rscPattern().startsWith("!");
        Pattern p;
        try {
          p = Pattern.compile(invert ? lc.rscPattern().substring(1) : lc.rscPattern());
        } catch (java.util.regex.PatternSyntaxException e) {
          continue; // Pacemaker ignores a constraint whose pattern does not compile
        }
        for (TopLevelResource t : placement.ex.tops) {
          java.util.regex.Matcher m = p.matcher(t.id());
          boolean found = m.find();
          if (found != invert) {
            targets.add(t);
            if (found) {
              matches.put(t, m.toMatchResult());
            }
          }
        }
      }
      for (ResourceSet s : lc.resourceSets()) {
        for (String r : s.resourceRefs()) {
          TopLevelResource t = placement.ex.topOf.get(r);
          if (t != null && !targets.contains(t)) {
            targets.add(t);
          }
        }
      }
      for (TopLevelResource t : targets) {
        int weight = weightFor(t, lc.rsc());
        Resource placed = lc.rsc() != null ? resourceById(t, lc.rsc()) : t.resource;
        RuleEvaluator.Target target =
            lc.rules().isEmpty()
                ? RuleEvaluator.Target.NONE
                : new RuleEvaluator.Target(
                    (name, nodeAttrs) -> params(placed, name, nodeAttrs),
                    name -> placement.ex.meta(placed, name).orElse(null),
                    matches.get(t));
        applyLocation(t, lc, weight, target);
        recordDiscovery(t, lc, target);
        if ("exclusive".equals(lc.resourceDiscovery())) {
          boolean[] on = exclusive.computeIfAbsent(t, k -> new boolean[placement.nodes.size()]);
          for (int i = 0; i < placement.nodes.size(); i++) {
            on[i] |= locationNames(lc, i, target);
          }
        }
      }
    }
    // resource-discovery=exclusive: a resource with such constraints may run only on the nodes
    // they name (Pacemaker sets the others to -INFINITY, whatever their score).
    for (Map.Entry<TopLevelResource, boolean[]> e : exclusive.entrySet()) {
      TopLevelResource t = e.getKey();
      for (int i = 0; i < placement.nodes.size(); i++) {
        if (!e.getValue()[i] && t.scores[i] != -Placement.INF) {
          placement.contribute(
              t, t.scores, i, -Placement.INF, "resource-discovery=exclusive elsewhere");
        }
      }
    }
  }

  /**
   * Remembers, on each node the constraint names, its resource-discovery when it is never or
   * exclusive (the probe stage reads it: pcmk__probe_rsc_on_node).
   */
  private void recordDiscovery(
      TopLevelResource t, LocationConstraint lc, RuleEvaluator.Target target) {
    TopLevelResource.Discovery mode =
        "exclusive".equals(lc.resourceDiscovery())
            ? TopLevelResource.Discovery.EXCLUSIVE
            : "never".equals(lc.resourceDiscovery()) ? TopLevelResource.Discovery.NEVER : null;
    if (mode == null) {
      return;
    }
    t.exclusiveDiscover |= mode == TopLevelResource.Discovery.EXCLUSIVE;
    for (int i = 0; i < placement.nodes.size(); i++) {
      if (locationNames(lc, i, target)) {
        t.discovery.merge(
            placement.nodes.get(i).name(), mode, (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
  }

  /** Nodes where a resource has resource-discovery=exclusive constraints that name them. */
  private final Map<TopLevelResource, boolean[]> exclusive = new HashMap<>();

  /** Whether a location constraint names node {@code i} (its node, or a rule that matches). */
  private boolean locationNames(LocationConstraint lc, int i, RuleEvaluator.Target target) {
    if (lc.node() != null) {
      return lc.node().equals(placement.nodes.get(i).name());
    }
    for (Rule r : lc.rules()) {
      if (placement.rules.matches(r, placement.nodes.get(i).attributes(), target)) {
        return true;
      }
    }
    return false;
  }

  /** Group members each carry a group's constraint, so a group sums it once per member. */
  private static int weightFor(TopLevelResource t, String rsc) {
    if (t.instances.isEmpty()) {
      return 1;
    }
    int members = t.instances.get(0).primitives.size();
    if (rsc == null || rsc.equals(t.id())) {
      return t.clone ? Math.max(1, members) : 1;
    }
    if (t.clone
        && ((Clone) t.resource).child() != null
        && rsc.equals(((Clone) t.resource).child().id())) {
      return Math.max(1, members);
    }
    return 1;
  }

  /**
   * A resource's parameter (instance attribute) as it is on one node: its sets by precedence, each
   * while its rule holds for that node's attributes; null when it has none.
   */
  private String params(Resource r, String name, Map<String, String> nodeAttrs) {
    List<NvSet> sets = List.of();
    if (r instanceof Primitive p) {
      sets = p.instanceAttributes();
    } else if (r instanceof org.paceline.cib.Group g) {
      sets = g.instanceAttributes();
    } else if (r instanceof Clone c) {
      sets = c.instanceAttributes();
    }
    for (NvSet set : NvSet.byPrecedence(sets)) {
      if (set.rule() != null && !placement.rules.matches(set.rule(), nodeAttrs)) {
        continue;
      }
      Optional<String> v = set.value(name);
      if (v.isPresent()) {
        return v.get();
      }
    }
    return null;
  }

  /** The resource a constraint names inside top {@code t} (a member, a clone's child), or t's. */
  private static Resource resourceById(TopLevelResource t, String id) {
    for (PrimitiveInstance l : t.primitives()) {
      if (l.primitive.id().equals(id)) {
        return l.primitive;
      }
    }
    if (t.resource instanceof Clone c && c.child() != null && c.child().id().equals(id)) {
      return c.child();
    }
    return t.resource;
  }

  private void applyLocation(
      TopLevelResource t, LocationConstraint lc, int weight, RuleEvaluator.Target rt) {
    boolean promotedOnly = lc.role() == Role.PROMOTED;
    if (lc.node() != null && lc.score() != null) {
      Integer idx = placement.nodeIndex.get(lc.node());
      if (idx == null) {
        return;
      }
      int v = lc.score().value();
      int[] target = promotedOnly ? t.promotionBonus : t.scores;
      if (!promotedOnly && !placement.symmetric && target[idx] == -Placement.INF) {
        target[idx] = 0;
      }
      placement.contribute(
          t, target, idx, scaled(v, promotedOnly ? 1 : weight), "location constraint " + lc.id());
      if (!promotedOnly) {
        ownLocation(t, lc.rsc(), idx, v);
      }
      return;
    }
    for (Rule r : lc.rules()) {
      boolean rulePromoted = promotedOnly || r.role() == Role.PROMOTED;
      int[] target = rulePromoted ? t.promotionBonus : t.scores;
      for (int i = 0; i < placement.nodes.size(); i++) {
        if (!placement.rules.matches(r, placement.nodes.get(i).attributes(), rt)) {
          continue;
        }
        int v;
        if (r.score() != null) {
          v = r.score().value();
        } else if (r.scoreAttribute() != null) {
          String a = placement.nodes.get(i).attributes().get(r.scoreAttribute());
          if (a == null) {
            continue;
          }
          v = MetaLookup.intOf(Optional.of(a), 0);
        } else {
          v = 0;
        }
        if (!rulePromoted && !placement.symmetric && target[i] == -Placement.INF) {
          target[i] = 0;
        }
        placement.contribute(
            t,
            target,
            i,
            scaled(v, rulePromoted ? 1 : weight),
            "location constraint " + lc.id() + " rule " + r.id());
        if (!rulePromoted) {
          ownLocation(t, lc.rsc(), i, v);
        }
      }
    }
  }

  private static int scaled(int v, int weight) {
    if (v == Placement.INF || v == -Placement.INF || weight == 1) {
      return v;
    }
    return (int) Math.max(-Placement.INF, Math.min(Placement.INF, (long) v * weight));
  }
}
