package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A configured cluster node.
 *
 * @param id the node id
 * @param uname the node name
 * @param type member, ping or remote; null means member
 * @param description free text, or null
 * @param instanceAttributes node attributes (standby, site, ...)
 * @param utilization capacity sets
 * @param otherAttributes attributes the model does not type
 * @param otherChildren child elements the model does not type
 */
public record Node(
    String id,
    String uname,
    String type,
    String description,
    List<NvSet> instanceAttributes,
    List<NvSet> utilization,
    Map<String, String> otherAttributes,
    List<XmlNode> otherChildren) {
  public Node {
    instanceAttributes = Immutables.list(instanceAttributes);
    utilization = Immutables.list(utilization);
    otherAttributes = Immutables.attributes(otherAttributes);
    otherChildren = Immutables.list(otherChildren);
  }

  /** A member node with no attributes. */
  public static Node of(String id, String uname) {
    return new Node(id, uname, null, null, List.of(), List.of(), Map.of(), List.of());
  }

  /** Whether the node is configured in standby (its standby attribute is true). */
  public boolean standby() {
    return NvSet.lookup(instanceAttributes, "standby")
        .filter(CibBooleans::valid)
        .map(CibBooleans::parse)
        .orElse(false);
  }
}
