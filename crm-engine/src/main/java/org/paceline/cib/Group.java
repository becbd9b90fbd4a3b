package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A group: members started in order on one node, stopped in reverse.
 *
 * @param id the group id
 * @param description free text, or null
 * @param metaAttributes meta sets, inherited by the members
 * @param instanceAttributes instance sets, inherited by the members
 * @param members the members in order; valid groups hold only primitives (the validator checks)
 * @param otherAttributes attributes the model does not type
 * @param otherChildren child elements the model does not type
 */
public record Group(
    String id,
    String description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    List<Resource> members,
    Map<String, String> otherAttributes,
    List<XmlNode> otherChildren)
    implements Resource {
  public Group {
    metaAttributes = Immutables.list(metaAttributes);
    instanceAttributes = Immutables.list(instanceAttributes);
    members = Immutables.list(members);
    otherAttributes = Immutables.attributes(otherAttributes);
    otherChildren = Immutables.list(otherChildren);
  }

  @Override
  public List<Resource> children() {
    return members;
  }

  /** This group with other members. */
  public Group withMembers(List<Resource> newMembers) {
    return new Group(
        id,
        description,
        metaAttributes,
        instanceAttributes,
        newMembers,
        otherAttributes,
        otherChildren);
  }
}
