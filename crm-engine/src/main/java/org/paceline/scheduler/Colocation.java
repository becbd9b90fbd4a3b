package org.paceline.scheduler;

import java.util.Comparator;
import org.paceline.cib.Role;

/**
 * A colocation between two top-level resources, unpacked from a constraint or a resource set.
 *
 * @param id the constraint id
 * @param dependent the resource placed relative to the primary
 * @param primary the resource placed first
 * @param score how strongly (+/-1,000,000 mandatory)
 * @param dependentRole the dependent's role the constraint binds, or null
 * @param primaryRole the primary's role the constraint binds, or null
 * @param nodeAttribute the node attribute defining "the same place" (#uname by default)
 */
record Colocation(
    String id,
    TopLevelResource dependent,
    TopLevelResource primary,
    int score,
    Role dependentRole,
    Role primaryRole,
    String nodeAttribute) {

  /**
   * The order Pacemaker keeps a dependent's colocations in and assigns their primaries in
   * (cmp_primary_priority): higher priority first, then clone before group before primitive,
   * promotable before other clones, then by id.
   */
  static final Comparator<Colocation> BY_PRIMARY =
      (a, b) -> {
        TopLevelResource x = a.primary();
        TopLevelResource y = b.primary();
        if (x.priority != y.priority) {
          return Integer.compare(y.priority, x.priority);
        }
        if (variantRank(x) != variantRank(y)) {
          return Integer.compare(variantRank(y), variantRank(x));
        }
        if (x.clone && x.promotable != y.promotable) {
          return x.promotable ? -1 : 1;
        }
        return x.id().compareTo(y.id());
      };

  private static int variantRank(TopLevelResource t) {
    if (t.clone) {
      return 2;
    }
    return t.resource instanceof org.paceline.cib.Group ? 1 : 0;
  }
}
