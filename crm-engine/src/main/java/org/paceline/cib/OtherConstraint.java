package org.paceline.cib;

/**
 * A constraint element kept verbatim (rsc_ticket or newer kinds).
 *
 * @param element the element as read
 */
public record OtherConstraint(XmlNode element) implements Constraint {
  @Override
  public String id() {
    return element.id();
  }
}
