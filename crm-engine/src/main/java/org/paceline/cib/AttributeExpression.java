package org.paceline.cib;

import java.util.Map;

/**
 * An {@code <expression>}: compares a node attribute ({@code #uname}, {@code #id}, or any node or
 * transient attribute) with a value.
 *
 * @param id the expression's id
 * @param attribute the attribute tested
 * @param operation lt, gt, lte, gte, eq, ne, defined or not_defined
 * @param value the value compared with, or null for defined/not_defined
 * @param type string, integer, number or version (null means string)
 * @param valueSource literal, param or meta (null means literal)
 * @param otherAttributes attributes the model does not type
 */
public record AttributeExpression(
    String id,
    String attribute,
    String operation,
    String value,
    String type,
    String valueSource,
    Map<String, String> otherAttributes)
    implements RuleExpression {
  public AttributeExpression {
    otherAttributes = Immutables.attributes(otherAttributes);
  }
}
