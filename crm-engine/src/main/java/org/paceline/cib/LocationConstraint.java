package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A location constraint: a score for running a resource (or resources matching a pattern) on a
 * node, either directly ({@code node} + {@code score}) or through rules.
 *
 * @param id the constraint id
 * @param rsc the resource (or tag) id, or null with a pattern or sets
 * @param rscPattern a regular expression over resource ids, or null
 * @param role the role constrained, or null for any
 * @param score the score for {@code node}, or null when rules give the scores
 * @param node the node name, or null when rules are used
 * @param rules the rules, in document order
 * @param resourceDiscovery always, never or exclusive; null means always
 * @param resourceSets resource sets instead of {@code rsc}
 * @param otherAttributes attributes the model does not type
 */
public record LocationConstraint(
    String id,
    String rsc,
    String rscPattern,
    Role role,
    Score score,
    String node,
    List<Rule> rules,
    String resourceDiscovery,
    List<ResourceSet> resourceSets,
    Map<String, String> otherAttributes)
    implements Constraint {
  public LocationConstraint {
    rules = Immutables.list(rules);
    resourceSets = Immutables.list(resourceSets);
    otherAttributes = Immutables.attributes(otherAttributes);
  }

  /** A plain {@code rsc prefers node with score} constraint. */
  public static LocationConstraint of(String id, String rsc, String node, Score score) {
    return new LocationConstraint(
        id, rsc, null, null, score, node, List.of(), null, List.of(), Map.of());
  }

  /** This constraint with other resource sets (and another rsc). */
  public LocationConstraint withSets(String newRsc, List<ResourceSet> sets) {
    return new LocationConstraint(
        id, newRsc, rscPattern, role, score, node, rules, resourceDiscovery, sets, otherAttributes);
  }
}
