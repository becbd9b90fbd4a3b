package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A colocation constraint: {@code rsc} wants to run where {@code withRsc} runs (positive score) or
 * away from it (negative score).
 *
 * @param id the constraint id
 * @param rsc the dependent resource, or null with sets
 * @param withRsc the resource it follows, or null with sets
 * @param score how strongly, +/-INFINITY for mandatory
 * @param rscRole the dependent's role, or null
 * @param withRscRole the primary's role, or null
 * @param nodeAttribute the node attribute that defines "the same place" (default #uname), or null
 * @param resourceSets resource sets instead of single resources
 * @param otherAttributes attributes the model does not type (influence, rsc-instance, ...)
 */
public record ColocationConstraint(
    String id,
    String rsc,
    String withRsc,
    Score score,
    Role rscRole,
    Role withRscRole,
    String nodeAttribute,
    List<ResourceSet> resourceSets,
    Map<String, String> otherAttributes)
    implements Constraint {
  public ColocationConstraint {
    resourceSets = Immutables.list(resourceSets);
    otherAttributes = Immutables.attributes(otherAttributes);
  }

  /** A plain two-resource colocation. */
  public static ColocationConstraint of(String id, String rsc, String withRsc, Score score) {
    return new ColocationConstraint(id, rsc, withRsc, score, null, null, null, List.of(), Map.of());
  }

  /** This constraint with other resource sets (and, with sets, other rsc/with-rsc and roles). */
  public ColocationConstraint withSets(
      String newRsc,
      String newWithRsc,
      Role newRscRole,
      Role newWithRscRole,
      List<ResourceSet> sets) {
    return new ColocationConstraint(
        id,
        newRsc,
        newWithRsc,
        score,
        newRscRole,
        newWithRscRole,
        nodeAttribute,
        sets,
        otherAttributes);
  }
}
