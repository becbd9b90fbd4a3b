package org.paceline.cib;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An attribute set: {@code instance_attributes}, {@code meta_attributes}, {@code utilization},
 * {@code cluster_property_set} or a node's transient attributes. The element name is given by where
 * the set sits.
 *
 * @param id the set's id (null only with {@code idRef})
 * @param idRef a reference to a set defined elsewhere, or null
 * @param score the set's precedence among sets of the same kind, or null
 * @param rule the rule that must hold for the set to apply, or null
 * @param nvpairs the pairs, in document order
 * @param otherAttributes attributes the model does not type
 */
public record NvSet(
    String id,
    String idRef,
    Score score,
    Rule rule,
    List<NvPair> nvpairs,
    Map<String, String> otherAttributes) {
  public NvSet {
    nvpairs = Immutables.list(nvpairs);
    otherAttributes = Immutables.attributes(otherAttributes);
  }

  /** A plain set with no rule or score. */
  public static NvSet of(String id, List<NvPair> pairs) {
    return new NvSet(id, null, null, null, pairs, Map.of());
  }

  /** The value of the first pair named {@code name}, ignoring rules. */
  public Optional<String> value(String name) {
    for (int i = 0; i < nvpairs.size(); i++) {
      NvPair p = nvpairs.get(i);
      if (name.equals(p.name())) {
        return Optional.ofNullable(p.value());
      }
    }
    return Optional.empty();
  }

  /**
   * The sets in the order Pacemaker applies them: highest score first, then document order (the
   * list itself when it is in that order already).
   */
  public static List<NvSet> byPrecedence(List<NvSet> sets) {
    if (inPrecedenceOrder(sets)) {
      return sets; // the usual case (one set, or no scores): nothing to sort
    }
    return sets.stream()
        .sorted(
            (a, b) ->
                Integer.compare(
                    b.score() == null ? 0 : b.score().value(),
                    a.score() == null ? 0 : a.score().value()))
        .toList();
  }

  /**
   * The value of {@code name} across sets as Pacemaker resolves it without rules: the first set
   * (highest score first, then document order) that defines it.
   */
  public static Optional<String> lookup(List<NvSet> sets, String name) {
    List<NvSet> ordered = byPrecedence(sets);
    for (int i = 0; i < ordered.size(); i++) {
      Optional<String> v = ordered.get(i).value(name);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  private static boolean inPrecedenceOrder(List<NvSet> sets) {
    for (int i = 1; i < sets.size(); i++) {
      if (scoreOf(sets.get(i)) > scoreOf(sets.get(i - 1))) {
        return false;
      }
    }
    return true;
  }

  private static int scoreOf(NvSet s) {
    return s.score() == null ? 0 : s.score().value();
  }
}
