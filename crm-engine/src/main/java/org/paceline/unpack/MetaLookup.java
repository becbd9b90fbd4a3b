package org.paceline.unpack;

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
public final class MetaLookup {
  /** The resource-stickiness a clone's instances have when nothing sets one (clone unpack). */
  public static final int CLONE_STICKINESS = 1;

  private final Map<String, Resource> parent = new HashMap<>();
  private final List<NvSet> defaults;

  private final RuleEvaluator rules;

  /**
   * @param now the time date rules in {@code rsc_defaults} are evaluated at
   */
  public MetaLookup(Configuration c, long now) {
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

  public Optional<String> meta(Resource r, String name) {
    for (Resource cur = r; cur != null; cur = parent.get(cur.id())) {
      Optional<String> v = cur.meta(name).filter(MetaLookup::set);
      if (v.isPresent()) {
        return v;
      }
    }
    return defaults(r, name).filter(MetaLookup::set);
  }

  /** Pacemaker reads the value "#default" as no value (unpack's populate_hash). */
  private static boolean set(String value) {
    return !value.equalsIgnoreCase("#default");
  }

  /**
   * A meta attribute from {@code rsc_defaults} for {@code r}: the first set in precedence order
   * that has it and whose rule, if any, matches the resource (Pacemaker 2.0.5's rsc_expression).
   */
  public Optional<String> defaults(Resource r, String name) {
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

  /**
   * A meta attribute as Pacemaker's {@code get_meta_attributes} gives it to crm_resource: the
   * attributes of the resource's own element ({@code class}, {@code type}, ...), then {@link
   * #meta}, then what unpacking implies (a clone's instances have {@link #CLONE_STICKINESS}).
   */
  public Optional<String> effective(Resource r, String name) {
    if (r instanceof org.paceline.cib.Primitive p) {
      Optional<String> own =
          Optional.ofNullable(
              switch (name) {
                case "id" -> p.id();
                case "class" -> p.resourceClass();
                case "provider" -> p.provider();
                case "type" -> p.type();
                case "description" -> p.description();
                default -> p.otherAttributes().get(name);
              });
      if (own.isPresent()) {
        return own;
      }
    }
    Optional<String> v = meta(r, name);
    if (v.isEmpty() && name.equals("resource-stickiness") && inClone(r)) {
      return Optional.of(Integer.toString(CLONE_STICKINESS));
    }
    return v;
  }

  private boolean inClone(Resource r) {
    for (Resource cur = parent.get(r.id()); cur != null; cur = parent.get(cur.id())) {
      if (cur instanceof org.paceline.cib.Clone) {
        return true;
      }
    }
    return false;
  }

  /**
   * An integer meta value as Pacemaker reads a score: INFINITY is 1,000,000 and every value is
   * capped there; {@code dflt} when unset or not a number.
   */
  public static int intOf(Optional<String> v, int dflt) {
    if (v.isEmpty()) {
      return dflt;
    }
    String t = v.get().trim();
    if (t.equalsIgnoreCase("INFINITY") || t.equalsIgnoreCase("+INFINITY")) {
      return 1_000_000;
    }
    if (t.equalsIgnoreCase("-INFINITY")) {
      return -1_000_000;
    }
    try {
      return (int) Math.max(-1_000_000, Math.min(1_000_000, Long.parseLong(t)));
    } catch (NumberFormatException ex) {
      return dflt;
    }
  }
}
