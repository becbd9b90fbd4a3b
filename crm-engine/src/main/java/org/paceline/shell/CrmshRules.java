package org.paceline.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.AttributeExpression;
import org.paceline.cib.DateExpression;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.cib.RuleExpression;
import org.paceline.cib.Score;
import org.paceline.cib.XmlNode;

/**
 * crmsh's rule language, both ways, as crmsh's own grammar defines it:
 *
 * <pre>
 * rule [$id=ID] [$role=ROLE | role=ROLE] SCORE: EXPRESSION [and|or EXPRESSION ...]
 * SCORE       number, inf, -inf, or an attribute name (the rule's score-attribute)
 * EXPRESSION  ATTRIBUTE [TYPE:]OP VALUE    OP: lt gt lte gte eq ne; TYPE: string integer number version
 *           | defined ATTRIBUTE | not_defined ATTRIBUTE
 *           | date lt END | date gt START
 *           | date in start=START end=END | date in start=START DURATION
 *           | date spec DATE_SPEC
 * DURATION, DATE_SPEC: hours= monthdays= weekdays= yeardays= months= weeks= years= weekyears= moon=
 * </pre>
 *
 * A location takes one or more rules; they are read until a word that starts no expression.
 */
final class CrmshRules {
  private static final Set<String> OPS = Set.of("eq", "ne", "lt", "gt", "lte", "gte");
  private static final Set<String> TYPES = Set.of("string", "integer", "number", "version");
  private static final Set<String> DATE_FIELDS =
      Set.of(
          "hours",
          "monthdays",
          "weekdays",
          "yeardays",
          "yearsdays",
          "months",
          "weeks",
          "years",
          "weekyears",
          "moon",
          "minutes",
          "seconds");

  private CrmshRules() {}

  /** The rules at {@code w} (its next word is {@code rule}), until a word that is not theirs. */
  static List<Rule> parse(String constraintId, CrmshWords w) throws CrmshException {
    List<Rule> rules = new ArrayList<>();
    while (w.hasNext() && w.peek().equals("rule")) {
      w.next("rule");
      String id = constraintId + "-rule" + (rules.isEmpty() ? "" : "-" + rules.size());
      rules.add(rule(id, w));
    }
    return rules;
  }

  /** Whether {@code word} is a date field ({@code withRange}: start= and end= too). */
  private static boolean isField(String word, boolean withRange) {
    int eq = word.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    String k = word.substring(0, eq);
    return DATE_FIELDS.contains(k) || withRange && (k.equals("start") || k.equals("end"));
  }

  private static Rule rule(String defaultId, CrmshWords w) throws CrmshException {
    String id = defaultId;
    Role role = null;
    String word = w.next("SCORE:");
    while (word.startsWith("$id=") || word.startsWith("$role=") || word.startsWith("role=")) {
      if (word.startsWith("$id=")) {
        id = word.substring(4);
      } else {
        role = CrmshWords.role(word.substring(word.indexOf('=') + 1), w);
      }
      word = w.next("SCORE:");
    }
    if (!word.endsWith(":")) {
      // crmsh: a rule without a score has score INFINITY (usual in attribute sets).
      w.back();
      word = "INFINITY:";
    }
    String s = word.substring(0, word.length() - 1);
    Score score = null;
    String scoreAttribute = null;
    if (s.matches("[+-]?(\\d+|inf|infinity|INFINITY)")) {
      score = CrmshWords.score(s, w);
    } else if (!s.isEmpty()) {
      scoreAttribute = s; // the score is this node attribute's value
    } else {
      throw w.error("a rule needs a score or a score attribute before the colon");
    }
    List<RuleExpression> exprs = new ArrayList<>();
    String booleanOp = null;
    while (true) {
      exprs.add(expression(id + "-expression" + (exprs.isEmpty() ? "" : "-" + exprs.size()), w));
      if (!w.hasNext() || !(w.peek().equals("and") || w.peek().equals("or"))) {
        break;
      }
      String bop = w.next("and / or");
      if (booleanOp != null && !booleanOp.equals(bop)) {
        throw w.error("one rule joins its expressions with and, or with or, not both");
      }
      booleanOp = bop;
    }
    // As crmsh writes it: "and" is Pacemaker's default and is left out.
    return new Rule(
        id,
        null,
        score,
        scoreAttribute,
        "or".equals(booleanOp) ? booleanOp : null,
        role,
        exprs,
        Map.of());
  }

  private static RuleExpression expression(String id, CrmshWords w) throws CrmshException {
    String first =
        w.next("an expression (ATTR OP VALUE, defined ATTR, not_defined ATTR, date ...)");
    if (first.equals("defined") || first.equals("not_defined")) {
      return new AttributeExpression(id, w.next("an attribute"), first, null, null, null, Map.of());
    }
    if (first.equals("date")) {
      return date(id, w);
    }
    String op = w.next("an operator (eq, ne, lt, gt, lte, gte)");
    String type = null;
    int colon = op.indexOf(':');
    if (colon > 0) {
      type = op.substring(0, colon);
      op = op.substring(colon + 1);
      if (!TYPES.contains(type)) {
        throw w.error("bad type '" + type + "' (expected string, integer, number, version)");
      }
    }
    if (!OPS.contains(op)) {
      throw w.error("bad operator '" + op + "' (expected eq, ne, lt, gt, lte, gte)");
    }
    return new AttributeExpression(id, first, op, w.next("a value"), type, null, Map.of());
  }

  private static DateExpression date(String id, CrmshWords w) throws CrmshException {
    String op = w.next("lt, gt, in or spec");
    switch (op) {
      case "lt", "gt" -> {
        String when = w.next("an ISO 8601 date");
        return new DateExpression(
            id,
            op,
            op.equals("gt") ? when : null,
            op.equals("lt") ? when : null,
            List.of(),
            Map.of());
      }
      case "in", "in_range" -> {
        String start = null;
        String end = null;
        Map<String, String> duration = new LinkedHashMap<>();
        // As crmsh's match_nvpairs_bykey: the fields end at the first word that is not one (the
        // attribute set's own pairs may follow).
        while (w.hasNext() && isField(w.peek(), true)) {
          String kv = w.next("start=, end= or a duration");
          String k = kv.substring(0, kv.indexOf('='));
          String v = kv.substring(kv.indexOf('=') + 1);
          if (k.equals("start")) {
            start = v;
          } else if (k.equals("end")) {
            end = v;
          } else {
            duration.put(k, v);
          }
        }
        if (start == null && end == null) {
          throw w.error("date in needs start= and end= (or start= and a duration)");
        }
        if (end != null && !duration.isEmpty()) {
          throw w.error("date in takes end= or a duration, not both");
        }
        List<XmlNode> details = new ArrayList<>();
        if (!duration.isEmpty()) {
          Map<String, String> attrs = new LinkedHashMap<>();
          attrs.put("id", id + "-duration");
          attrs.putAll(duration);
          details.add(new XmlNode("duration", attrs, List.of(), null));
        }
        return new DateExpression(id, "in_range", start, end, details, Map.of());
      }
      case "spec", "date_spec" -> {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", id + "-date_spec");
        while (w.hasNext() && isField(w.peek(), false)) {
          String kv = w.next("a date_spec field");
          attrs.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        if (attrs.size() == 1) {
          throw w.error("date spec needs at least one field (hours=9-16, weekdays=1-5, ...)");
        }
        return new DateExpression(
            id,
            "date_spec",
            null,
            null,
            List.of(new XmlNode("date_spec", attrs, List.of(), null)),
            Map.of());
      }
      default ->
          throw w.error("a date expression is 'date lt|gt DATE', 'date in ...' or 'date spec ...'");
    }
  }

  /** One rule as crmsh shows it. */
  static String show(Rule r) {
    StringBuilder b = new StringBuilder("rule ");
    if (r.role() != null) {
      b.append("role=").append(r.role().xmlName()).append(' ');
    }
    if (r.scoreAttribute() != null) {
      b.append(r.scoreAttribute());
    } else {
      b.append(r.score() == null ? "0" : CrmshShow.score(r.score()));
    }
    b.append(':');
    String op = r.booleanOp() == null ? "and" : r.booleanOp();
    List<String> exprs = new ArrayList<>();
    for (RuleExpression e : r.expressions()) {
      exprs.add(show(e));
    }
    return b + " " + String.join(" " + op + " ", exprs);
  }

  private static String show(RuleExpression e) {
    if (e instanceof AttributeExpression a) {
      if (a.value() == null) {
        return a.operation() + " " + a.attribute();
      }
      String op = a.type() == null ? a.operation() : a.type() + ":" + a.operation();
      return a.attribute() + " " + op + " " + CrmshShow.quote(a.value());
    }
    if (e instanceof DateExpression d) {
      return switch (d.operation().toLowerCase(Locale.ROOT)) {
        case "lt" -> "date lt " + CrmshShow.quote(d.end());
        case "gt" -> "date gt " + CrmshShow.quote(d.start());
        case "date_spec" -> "date spec " + fields(d, "date_spec");
        default -> {
          StringBuilder b = new StringBuilder("date in");
          if (d.start() != null) {
            b.append(" start=").append(CrmshShow.quote(d.start()));
          }
          if (d.end() != null) {
            b.append(" end=").append(CrmshShow.quote(d.end()));
          }
          String duration = fields(d, "duration");
          yield duration.isEmpty() ? b.toString() : b + " " + duration;
        }
      };
    }
    return "<expression>";
  }

  private static String fields(DateExpression d, String child) {
    List<String> out = new ArrayList<>();
    for (XmlNode n : d.details()) {
      if (n.name().equals(child)) {
        n.attributes()
            .forEach(
                (k, v) -> {
                  if (!k.equals("id")) {
                    out.add(k + "=" + v);
                  }
                });
      }
    }
    return String.join(" ", out);
  }
}
