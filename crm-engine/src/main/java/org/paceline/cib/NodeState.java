package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * What the cluster knows about one node now: membership, controller state, transient attributes
 * (fail counts, promotion scores) and the resource history its executor reported.
 *
 * @param id the node id
 * @param uname the node name
 * @param inCcm "true"/"false" (or a timestamp): whether the membership layer sees it
 * @param crmd "online"/"offline" (or a timestamp): whether its controller is up
 * @param join member, down, pending or banned
 * @param expected the join state the DC expects (member or down)
 * @param transientAttributesId the id of {@code transient_attributes}, or null when absent
 * @param transientAttributes the transient attribute sets
 * @param lrmId the id of {@code lrm}, or null when absent
 * @param lrmResourcesId the id of {@code lrm_resources}, or null when it has none
 * @param lrmResources the resource histories
 * @param otherAttributes attributes the model does not type
 * @param otherChildren child elements the model does not type
 */
public record NodeState(
    String id,
    String uname,
    String inCcm,
    String crmd,
    String join,
    String expected,
    String transientAttributesId,
    List<NvSet> transientAttributes,
    String lrmId,
    String lrmResourcesId,
    List<LrmResource> lrmResources,
    Map<String, String> otherAttributes,
    List<XmlNode> otherChildren) {
  public NodeState {
    transientAttributes = Immutables.list(transientAttributes);
    lrmResources = Immutables.list(lrmResources);
    otherAttributes = Immutables.attributes(otherAttributes);
    otherChildren = Immutables.list(otherChildren);
  }

  /** A transient attribute's value (fail-count-*, master-*, ...), ignoring rules. */
  public java.util.Optional<String> transientAttribute(String name) {
    return NvSet.lookup(transientAttributes, name);
  }

  /**
   * This node state with other membership fields ({@code in_ccm}, {@code crmd}, join, expected).
   */
  public NodeState withMembership(String inCcm, String crmd, String join, String expected) {
    return new NodeState(
        id,
        uname,
        inCcm,
        crmd,
        join,
        expected,
        transientAttributesId,
        transientAttributes,
        lrmId,
        lrmResourcesId,
        lrmResources,
        otherAttributes,
        otherChildren);
  }

  /** This node state with other transient attributes (same set id). */
  public NodeState withTransientAttributes(List<NvSet> sets) {
    return new NodeState(
        id,
        uname,
        inCcm,
        crmd,
        join,
        expected,
        transientAttributesId,
        sets,
        lrmId,
        lrmResourcesId,
        lrmResources,
        otherAttributes,
        otherChildren);
  }

  /** This node state with another resource history under the given element ids. */
  public NodeState withLrm(String lrmId, String lrmResourcesId, List<LrmResource> resources) {
    return new NodeState(
        id,
        uname,
        inCcm,
        crmd,
        join,
        expected,
        transientAttributesId,
        transientAttributes,
        lrmId,
        lrmResourcesId,
        resources,
        otherAttributes,
        otherChildren);
  }
}
