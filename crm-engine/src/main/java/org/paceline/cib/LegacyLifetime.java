package org.paceline.cib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A location constraint's {@code <lifetime>} (removed in Pacemaker 3.0) in its current form, as
 * Pacemaker 3.0's upgrade writes it (upgrade-3.10-3.xsl): the constraint applies where it applied
 * before and while one of the lifetime's rules holds, which is what Pacemaker 2.1 evaluated.
 */
final class LegacyLifetime {
  /** The id prefix Pacemaker's 3.0 upgrade gives the elements it creates. */
  static final String UPGRADE_PREFIX = "pcmk__3_10_upgrade-";

  private LegacyLifetime() {}

  /**
   * The constraint's rules with the lifetime joined to each: a node/score constraint becomes one
   * rule ({@code #uname eq node} and lifetime) with the constraint's score; each existing top-level
   * rule keeps its score and role and gains the lifetime as a nested condition.
   */
  static List<Rule> combine(
      String constraintId, String node, Score score, List<Rule> rules, List<Rule> lifetime) {
    RuleExpression during =
        lifetime.size() == 1
            ? lifetime.get(0)
            : new Rule(
                UPGRADE_PREFIX + constraintId + "-lifetime-or-rule",
                null,
                null,
                null,
                "or",
                null,
                List.<RuleExpression>copyOf(lifetime),
                Map.of());
    List<Rule> out = new ArrayList<>();
    if (rules.isEmpty()) {
      String ruleId = UPGRADE_PREFIX + constraintId + "-node-score-rule";
      out.add(
          new Rule(
              UPGRADE_PREFIX + constraintId + "-lifetime-and-rule",
              null,
              score,
              null,
              "and",
              null,
              List.of(
                  new AttributeExpression(
                      ruleId + "-expr", "#uname", "eq", node, null, null, Map.of()),
                  during),
              Map.of()));
      return out;
    }
    for (Rule r : rules) {
      out.add(
          new Rule(
              UPGRADE_PREFIX + r.id() + "-lifetime-and-rule",
              null,
              r.score(),
              r.scoreAttribute(),
              "and",
              r.role(),
              List.of(r, during),
              Map.of()));
    }
    return out;
  }
}
