package org.paceline.cib;

import java.util.List;

/**
 * A resource element Paceline keeps verbatim but does not schedule (a bundle or template).
 *
 * @param element the element as read
 */
public record OtherResource(XmlNode element) implements Resource {
  @Override
  public String id() {
    return element.id();
  }

  @Override
  public List<NvSet> metaAttributes() {
    return List.of();
  }
}
