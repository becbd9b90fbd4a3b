package org.paceline.cib;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks attribute sets (ids, names set twice, utilization values) and rules (boolean-op, scores,
 * expressions and their operations and types), wherever they appear.
 */
final class AttributeSetChecks {
  private static final Set<String> OPERATIONS =
      Set.of("lt", "gt", "lte", "gte", "eq", "ne", "defined", "not_defined");
  private static final Set<String> EXPRESSION_TYPES =
      Set.of("string", "integer", "number", "version");
  private static final Set<String> DATE_OPERATIONS = Set.of("in_range", "gt", "lt", "date_spec");

  private final ValidationContext ctx;

  AttributeSetChecks(ValidationContext ctx) {
    this.ctx = ctx;
  }

  void nvSet(String element, NvSet s) {
    ctx.idOrRef(element, s.id(), s.idRef());
    if (s.rule() != null) {
      rule(s.rule(), false);
    }
    Set<String> names = new HashSet<>();
    for (NvPair p : s.nvpairs()) {
      ctx.idOrRef("nvpair", p.id(), p.idRef());
      if (p.idRef() == null && (p.name() == null || p.name().isBlank())) {
        ctx.error("nvpair", p.id(), "missing name");
      } else if (element.equals("utilization") && p.value() != null && !isInteger(p.value())) {
        ctx.warning(
            "nvpair",
            p.id(),
            "utilization '" + p.name() + "' = '" + p.value() + "' is not an integer (0 is used)");
      }
      if (p.name() != null && !names.add(p.name())) {
        ctx.warning(
            "nvpair",
            p.id(),
            "'" + p.name() + "' is set twice in " + element + " '" + s.id() + "' (first wins)");
      }
    }
  }

  private static boolean isInteger(String v) {
    try {
      Integer.parseInt(v.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  void rule(Rule r, boolean scored) {
    ctx.idOrRef("rule", r.id(), r.idRef());
    if (r.idRef() != null && r.id() == null) {
      return;
    }
    if (r.booleanOp() != null && !Set.of("and", "or").contains(r.booleanOp())) {
      ctx.error("rule", r.id(), "bad boolean-op '" + r.booleanOp() + "' (expected and or or)");
    }
    if (scored && r.score() == null && r.scoreAttribute() == null) {
      ctx.error("rule", r.id(), "a location rule needs a score or a score-attribute");
    }
    if (r.score() != null && r.scoreAttribute() != null) {
      ctx.error("rule", r.id(), "give either score or score-attribute, not both");
    }
    if (r.expressions().isEmpty()) {
      ctx.error("rule", r.id(), "a rule needs at least one expression");
    }
    for (RuleExpression x : r.expressions()) {
      if (x instanceof Rule nested) {
        rule(nested, false);
      } else if (x instanceof AttributeExpression a) {
        ctx.id("expression", a.id());
        if (a.attribute() == null) {
          ctx.error("expression", a.id(), "missing attribute");
        }
        if (a.operation() == null || !OPERATIONS.contains(a.operation())) {
          ctx.error(
              "expression",
              a.id(),
              "bad operation '"
                  + a.operation()
                  + "' (expected lt, gt, lte, gte, eq, ne, defined or not_defined)");
        } else if (!a.operation().endsWith("defined") && a.value() == null) {
          ctx.error("expression", a.id(), "operation " + a.operation() + " needs a value");
        }
        if (a.type() != null && !EXPRESSION_TYPES.contains(a.type())) {
          ctx.error(
              "expression",
              a.id(),
              "bad type '" + a.type() + "' (expected string, integer, number or version)");
        }
      } else if (x instanceof DateExpression d) {
        ctx.id("date_expression", d.id());
        if (d.operation() == null || !DATE_OPERATIONS.contains(d.operation())) {
          ctx.error(
              "date_expression",
              d.id(),
              "bad operation '" + d.operation() + "' (expected in_range, gt, lt or date_spec)");
        }
      }
    }
  }
}
