package org.paceline.cib;

/** One condition inside a {@link Rule}: a node-attribute test, a date test, or a nested rule. */
public sealed interface RuleExpression
    permits Rule, AttributeExpression, DateExpression, OtherExpression {
  /** The element's id. */
  String id();
}
