package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A {@code <date_expression>}: in_range, gt, lt or date_spec, with its {@code date_spec} or {@code
 * duration} child kept verbatim.
 *
 * @param id the expression's id
 * @param operation in_range, gt, lt or date_spec
 * @param start ISO 8601 start, or null
 * @param end ISO 8601 end, or null
 * @param details the date_spec/duration children
 * @param otherAttributes attributes the model does not type
 */
public record DateExpression(
    String id,
    String operation,
    String start,
    String end,
    List<XmlNode> details,
    Map<String, String> otherAttributes)
    implements RuleExpression {
  public DateExpression {
    details = Immutables.list(details);
    otherAttributes = Immutables.attributes(otherAttributes);
  }
}
