package org.paceline.cib;

import java.util.List;

/** A constraint: location, colocation, order, or one kept verbatim (tickets). */
public sealed interface Constraint
    permits LocationConstraint, ColocationConstraint, OrderConstraint, OtherConstraint {
  String id();

  /** Resource sets, when the constraint uses them instead of single resources. */
  default List<ResourceSet> resourceSets() {
    return List.of();
  }
}
