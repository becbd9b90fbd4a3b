package org.paceline.cib;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads attribute sets ({@code <meta_attributes>}, {@code <instance_attributes>}, {@code
 * <utilization>}, {@code <cluster_property_set>}) and their rules, which the configuration and the
 * status section (transient node attributes) both hold.
 */
final class AttributeSetXmlReader {
  private final CibReadContext ctx;

  AttributeSetXmlReader(CibReadContext ctx) {
    this.ctx = ctx;
  }

  List<NvSet> sets(ParsedElement parent, String setName) {
    List<NvSet> out = new ArrayList<>();
    for (ParsedElement c : parent.children) {
      if (setName.equals(c.name)) {
        out.add(nvSet(c));
      } else {
        ctx.unexpected(parent, c, "<" + setName + ">");
      }
    }
    return out;
  }

  NvSet nvSet(ParsedElement e) {
    ctx.track(e);
    boolean meta = "meta_attributes".equals(e.name);
    Rule rule = null;
    List<NvPair> pairs = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "nvpair" -> {
          ctx.track(c);
          String value = c.attr("value");
          if (meta && "target-role".equals(c.attr("name")) && value != null) {
            value = normalizeRoleWord(value);
          }
          pairs.add(new NvPair(c.attr("id"), c.attr("name"), value, c.attr("id-ref")));
        }
        case "rule" -> {
          if (rule != null) {
            ctx.problem(c, "a set holds at most one <rule>");
          }
          rule = rule(c);
        }
        default -> ctx.unexpected(e, c, "<nvpair> or <rule>");
      }
    }
    return new NvSet(
        e.attr("id"),
        e.attr("id-ref"),
        ctx.parse(e, "score", Score::parse),
        rule,
        pairs,
        CibReadContext.others(e, "id", "id-ref", "score"));
  }

  /** Master/Slave in a target-role value become Promoted/Unpromoted; other values stay. */
  private static String normalizeRoleWord(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "master" -> Role.PROMOTED.xmlName();
      case "slave" -> Role.UNPROMOTED.xmlName();
      default -> value;
    };
  }

  Rule rule(ParsedElement e) {
    ctx.track(e);
    List<RuleExpression> exprs = new ArrayList<>();
    for (ParsedElement c : e.children) {
      switch (c.name) {
        case "rule" -> exprs.add(rule(c));
        case "expression" -> {
          ctx.track(c);
          exprs.add(
              new AttributeExpression(
                  c.attr("id"),
                  c.attr("attribute"),
                  c.attr("operation"),
                  c.attr("value"),
                  c.attr("type"),
                  c.attr("value-source"),
                  CibReadContext.others(
                      c, "id", "attribute", "operation", "value", "type", "value-source")));
        }
        case "date_expression" -> {
          ctx.track(c);
          List<XmlNode> details = new ArrayList<>();
          for (ParsedElement d : c.children) {
            details.add(d.toXmlNode());
          }
          exprs.add(
              new DateExpression(
                  c.attr("id"),
                  c.attr("operation"),
                  c.attr("start"),
                  c.attr("end"),
                  details,
                  CibReadContext.others(c, "id", "operation", "start", "end")));
        }
        default -> {
          ctx.track(c);
          exprs.add(new OtherExpression(c.toXmlNode()));
        }
      }
    }
    return new Rule(
        e.attr("id"),
        e.attr("id-ref"),
        ctx.parse(e, "score", Score::parse),
        e.attr("score-attribute"),
        e.attr("boolean-op"),
        ctx.parse(e, "role", Role::parse),
        exprs,
        CibReadContext.others(e, "id", "id-ref", "score", "score-attribute", "boolean-op", "role"));
  }
}
