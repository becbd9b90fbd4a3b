package org.paceline.scheduler;

import java.util.Map;
import org.paceline.cib.AttributeExpression;
import org.paceline.cib.CrmTime;
import org.paceline.cib.DateExpression;
import org.paceline.cib.OtherExpression;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Rule;
import org.paceline.cib.RuleExpression;
import org.paceline.cib.XmlNode;

/** Evaluates location rules against one node's attributes and a given "now". */
final class RuleEvaluator {
  private final long nowEpochSeconds;

  RuleEvaluator(long nowEpochSeconds) {
    this.nowEpochSeconds = nowEpochSeconds;
  }

  boolean matches(Rule rule, Map<String, String> attrs) {
    boolean or = "or".equalsIgnoreCase(rule.booleanOp());
    if (rule.expressions().isEmpty()) {
      // Pacemaker treats an empty rule as true (it constrains nothing).
      return true;
    }
    for (RuleExpression e : rule.expressions()) {
      boolean m = matches(e, attrs);
      if (or && m) {
        return true;
      }
      if (!or && !m) {
        return false;
      }
    }
    return !or;
  }

  /**
   * A rule of {@code rsc_defaults} for one resource, as Pacemaker evaluates it there: an {@code
   * rsc_expression} matches the primitive's class, provider and type (each only if given; a group
   * or clone has none), date expressions match "now", node attribute and {@code op_expression}
   * expressions never match.
   */
  boolean matchesResource(Rule rule, Resource r) {
    boolean or = "or".equalsIgnoreCase(rule.booleanOp());
    if (rule.expressions().isEmpty()) {
      return true;
    }
    for (RuleExpression e : rule.expressions()) {
      boolean m;
      if (e instanceof Rule inner) {
        m = matchesResource(inner, r);
      } else if (e instanceof DateExpression d) {
        m = matches(d);
      } else if (e instanceof OtherExpression o && o.element().name().equals("rsc_expression")) {
        m = matchesAgent(o.element().attributes(), r);
      } else {
        m = false;
      }
      if (or && m) {
        return true;
      }
      if (!or && !m) {
        return false;
      }
    }
    return !or;
  }

  private static boolean matchesAgent(Map<String, String> want, Resource r) {
    if (!(r instanceof Primitive p)) {
      return want.get("class") == null && want.get("provider") == null && want.get("type") == null;
    }
    return same(want.get("class"), p.resourceClass())
        && same(want.get("provider"), p.provider())
        && same(want.get("type"), p.type());
  }

  private static boolean same(String wanted, String actual) {
    return wanted == null || wanted.equals(actual);
  }

  private boolean matches(RuleExpression e, Map<String, String> attrs) {
    if (e instanceof Rule r) {
      return matches(r, attrs);
    }
    if (e instanceof AttributeExpression a) {
      return matches(a, attrs);
    }
    if (e instanceof DateExpression d) {
      return matches(d);
    }
    return false;
  }

  private boolean matches(AttributeExpression a, Map<String, String> attrs) {
    String actual = attrs.get(a.attribute());
    String op = a.operation() == null ? "eq" : a.operation();
    switch (op) {
      case "defined":
        return actual != null;
      case "not_defined":
        return actual == null;
      default:
        break;
    }
    if (actual == null || a.value() == null) {
      return "ne".equals(op) && actual == null && a.value() != null;
    }
    int cmp = compare(actual, a.value(), a.type());
    return switch (op) {
      case "eq" -> cmp == 0;
      case "ne" -> cmp != 0;
      case "lt" -> cmp < 0;
      case "lte" -> cmp <= 0;
      case "gt" -> cmp > 0;
      case "gte" -> cmp >= 0;
      default -> false;
    };
  }

  private static int compare(String actual, String expected, String type) {
    String t = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
    if (t.equals("version")) {
      return compareVersions(actual, expected);
    }
    if (t.equals("integer") || t.equals("number") || (t.isEmpty() && numeric(actual, expected))) {
      try {
        return Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
      } catch (NumberFormatException ex) {
        return actual.compareTo(expected);
      }
    }
    return actual.compareTo(expected);
  }

  private static boolean numeric(String a, String b) {
    return a.matches("-?[0-9]+(\\.[0-9]+)?") && b.matches("-?[0-9]+(\\.[0-9]+)?");
  }

  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? parseLong(x[i]) : 0;
      long q = i < y.length ? parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  private boolean matches(DateExpression d) {
    String op = d.operation() == null ? "in_range" : d.operation();
    if (op.equals("date_spec")) {
      for (XmlNode child : d.details()) {
        if (child.name().equals("date_spec")) {
          return CrmTime.dateSpecHolds(nowEpochSeconds, child.attributes());
        }
      }
      return false; // Pacemaker: a date_spec expression without a date_spec fails
    }
    Long start = CrmTime.epochSeconds(d.start());
    Long end = CrmTime.epochSeconds(d.end());
    if (op.equals("in_range") && end == null && start != null) {
      for (XmlNode child : d.details()) {
        if (child.name().equals("duration")) {
          end = CrmTime.plus(start, child.attributes());
        }
      }
    }
    return switch (op) {
      case "gt" -> start != null && nowEpochSeconds > start;
      case "lt" -> end != null && nowEpochSeconds < end;
      case "in_range" ->
          (start != null || end != null)
              && (start == null || nowEpochSeconds >= start)
              && (end == null || nowEpochSeconds <= end);
      default -> false;
    };
  }
}
