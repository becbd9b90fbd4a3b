package org.paceline.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.Configuration;
import org.paceline.cib.NvSet;
import org.paceline.cib.Resource;

/**
 * Resolves a resource's meta attribute as Pacemaker does: the resource itself, then its parents
 * (group, clone), then {@code rsc_defaults}. Parents are indexed once, so a lookup is O(depth).
 */
final class MetaLookup {
  private final Map<String, Resource> parent = new HashMap<>();
  private final List<NvSet> defaults;

  private final RuleEvaluator rules;

  /**
   * @param now the time date rules in {@code rsc_defaults} are evaluated at
   */
  MetaLookup(Configuration c, long now) {
    this.defaults = c.rscDefaults();
    this.rules = new RuleEvaluator(now);
    for (Resource r : c.resources()) {
      index(r);
    }
  }

  private void index(Resource r) {
    for (Resource child : r.children()) {
      parent.put(child.id(), r);
      index(child);
    }
  }

  Optional<String> meta(Resource r, String name) {
    for (Resource cur = r; cur != null; cur = parent.get(cur.id())) {
      Optional<String> v = cur.meta(name);
      if (v.isPresent()) {
        return v;
      }
    }
    return defaults(r, name);
  }

  /**
   * A meta attribute from {@code rsc_defaults} for {@code r}: the first set in precedence order
   * that has it and whose rule, if any, matches the resource (Pacemaker 2.0.5's rsc_expression).
   */
  Optional<String> defaults(Resource r, String name) {
    boolean anyRule = false;
    for (NvSet s : defaults) {
      anyRule |= s.rule() != null;
    }
    if (!anyRule) {
      return NvSet.lookup(defaults, name);
    }
    for (NvSet s : NvSet.byPrecedence(defaults)) {
      if (s.rule() != null && !rules.matchesResource(s.rule(), r)) {
        continue;
      }
      Optional<String> v = s.value(name);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }
}
