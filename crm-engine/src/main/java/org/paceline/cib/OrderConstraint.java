package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * An order constraint: {@code then}'s action happens after {@code first}'s.
 *
 * @param id the constraint id
 * @param first the resource ordered first, or null with sets
 * @param then the resource ordered after, or null with sets
 * @param firstAction first's action (start when null)
 * @param thenAction then's action (first's action when null)
 * @param kind Mandatory, Optional or Serialize; null means Mandatory (or per the legacy score)
 * @param score the legacy score (0 means Optional), or null
 * @param symmetrical whether the inverse applies to the inverse actions (null = true, except
 *     Serialize)
 * @param resourceSets resource sets instead of first/then
 * @param otherAttributes attributes the model does not type (require-all, first-instance, ...)
 */
public record OrderConstraint(
    String id,
    String first,
    String then,
    String firstAction,
    String thenAction,
    OrderKind kind,
    Score score,
    Boolean symmetrical,
    List<ResourceSet> resourceSets,
    Map<String, String> otherAttributes)
    implements Constraint {
  public OrderConstraint {
    resourceSets = Immutables.list(resourceSets);
    otherAttributes = Immutables.attributes(otherAttributes);
  }

  /** A plain mandatory {@code first then then} start order. */
  public static OrderConstraint of(String id, String first, String then) {
    return new OrderConstraint(id, first, then, null, null, null, null, null, List.of(), Map.of());
  }

  /**
   * The kind in effect: an explicit kind, else Optional for a legacy score of 0, else Mandatory.
   */
  public OrderKind effectiveKind() {
    if (kind != null) {
      return kind;
    }
    if (score != null && score.value() == 0) {
      return OrderKind.OPTIONAL;
    }
    return OrderKind.MANDATORY;
  }

  /** first's action in effect (start when not written). */
  public String effectiveFirstAction() {
    return firstAction == null ? "start" : firstAction;
  }

  /** then's action in effect (first's action when not written). */
  public String effectiveThenAction() {
    return thenAction == null ? effectiveFirstAction() : thenAction;
  }

  /** Whether the inverse order applies to the inverse actions. */
  public boolean effectiveSymmetrical() {
    if (symmetrical != null) {
      return symmetrical;
    }
    return effectiveKind() != OrderKind.SERIALIZE;
  }

  /** This constraint with other resource sets (and other first/then and their actions). */
  public OrderConstraint withSets(
      String newFirst,
      String newThen,
      String newFirstAction,
      String newThenAction,
      List<ResourceSet> sets) {
    return new OrderConstraint(
        id,
        newFirst,
        newThen,
        newFirstAction,
        newThenAction,
        kind,
        score,
        symmetrical,
        sets,
        otherAttributes);
  }
}
