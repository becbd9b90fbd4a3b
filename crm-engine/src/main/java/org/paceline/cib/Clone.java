package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A clone: copies of one primitive or group on several nodes; promotable when its {@code
 * promotable} meta attribute is true (the old {@code <master>} element is read as such a clone).
 *
 * @param id the clone id
 * @param description free text, or null
 * @param metaAttributes meta sets (clone-max, clone-node-max, globally-unique, interleave,
 *     promotable, promoted-max, ...)
 * @param instanceAttributes instance sets, inherited by the child
 * @param child the cloned primitive or group (the validator rejects anything else)
 * @param otherAttributes attributes the model does not type
 * @param otherChildren child elements the model does not type
 */
public record Clone(
    String id,
    String description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    Resource child,
    Map<String, String> otherAttributes,
    List<XmlNode> otherChildren)
    implements Resource {
  public Clone {
    metaAttributes = Immutables.list(metaAttributes);
    instanceAttributes = Immutables.list(instanceAttributes);
    otherAttributes = Immutables.attributes(otherAttributes);
    otherChildren = Immutables.list(otherChildren);
  }

  /** Whether instances can be promoted (meta attribute promotable=true). */
  public boolean promotable() {
    return meta("promotable").map(CibBooleans::parse).orElse(false);
  }

  /**
   * Whether the clone is anonymous whatever its globally-unique meta attribute says: an agent class
   * in it cannot tell instances apart (only ocf and stonith agents can, pcmk_ra_cap_unique), so
   * Pacemaker 2.1.5 clears the flag (native_unpack) and runs at most one instance per node, and no
   * more instances than nodes (pe__force_anon).
   */
  public boolean forcedAnonymous() {
    List<Resource> primitives =
        child instanceof Group g ? g.members() : child == null ? List.of() : List.of(child);
    for (Resource r : primitives) {
      if (r instanceof Primitive p && !p.supportsUniqueInstances()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Resource> children() {
    return child == null ? List.of() : List.of(child);
  }

  /** This clone of another child. */
  public Clone withChild(Resource newChild) {
    return new Clone(
        id,
        description,
        metaAttributes,
        instanceAttributes,
        newChild,
        otherAttributes,
        otherChildren);
  }
}
