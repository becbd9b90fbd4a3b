package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * An element the model does not type (alerts, ACLs, bundles, tickets, ...), kept verbatim so that a
 * round trip through Paceline never drops what an operator or a newer Pacemaker wrote.
 *
 * @param name the element name
 * @param attributes its attributes in document order
 * @param children its child elements
 * @param text its text content when it has no child elements, else null
 */
public record XmlNode(
    String name, Map<String, String> attributes, List<XmlNode> children, String text) {
  public XmlNode {
    attributes = Immutables.attributes(attributes);
    children = Immutables.list(children);
  }

  /** The element's id attribute, or null. */
  public String id() {
    return attributes.get("id");
  }
}
