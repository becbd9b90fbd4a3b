package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A {@code <resource_set>} inside a constraint.
 *
 * @param id the set id (null only with {@code idRef})
 * @param idRef a reference to a set defined elsewhere, or null
 * @param sequential whether members are ordered/colocated among themselves (null = true)
 * @param requireAll for orders: whether all members must be runnable (null = true)
 * @param ordering group or listed (deprecated), or null
 * @param action the action the set orders (start, promote, ...), or null
 * @param role the role the set colocates/locates, or null
 * @param score a per-set score, or null
 * @param resourceRefs the member resource ids, in order
 * @param otherAttributes attributes the model does not type
 */
public record ResourceSet(
    String id,
    String idRef,
    Boolean sequential,
    Boolean requireAll,
    String ordering,
    String action,
    Role role,
    Score score,
    List<String> resourceRefs,
    Map<String, String> otherAttributes) {
  public ResourceSet {
    resourceRefs = Immutables.list(resourceRefs);
    otherAttributes = Immutables.attributes(otherAttributes);
  }
}
