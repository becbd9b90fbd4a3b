package org.paceline.cib;

/**
 * A rule condition the model keeps verbatim ({@code rsc_expression}, {@code op_expression}, or a
 * newer element).
 *
 * @param element the element as read
 */
public record OtherExpression(XmlNode element) implements RuleExpression {
  @Override
  public String id() {
    return element.id();
  }
}
