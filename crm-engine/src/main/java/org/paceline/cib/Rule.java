package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A Pacemaker rule: a boolean combination of expressions, optionally carrying a score (for location
 * rules) or naming the node attribute that supplies one.
 *
 * @param id the rule's id (null only with {@code idRef})
 * @param idRef a reference to a rule defined elsewhere, or null
 * @param score the score when the rule matches, or null
 * @param scoreAttribute the node attribute whose value is the score, or null
 * @param booleanOp "and" or "or" (null means and)
 * @param role the role the rule applies to, or null
 * @param expressions the conditions in document order
 * @param otherAttributes attributes the model does not type
 */
public record Rule(
    String id,
    String idRef,
    Score score,
    String scoreAttribute,
    String booleanOp,
    Role role,
    List<RuleExpression> expressions,
    Map<String, String> otherAttributes)
    implements RuleExpression {
  public Rule {
    expressions = Immutables.list(expressions);
    otherAttributes = Immutables.attributes(otherAttributes);
  }
}
