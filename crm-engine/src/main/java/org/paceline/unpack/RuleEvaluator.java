package org.paceline.unpack;

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
public final class RuleEvaluator {
  private final long nowEpochSeconds;

  public RuleEvaluator(long nowEpochSeconds) {
    this.nowEpochSeconds = nowEpochSeconds;
  }

  /**
   * What a location rule knows of the resource it places (Pacemaker's match data): its parameters
   * and meta attributes, which {@code value-source="param"|"meta"} reads, and the match of the
   * constraint's {@code rsc-pattern}, whose groups replace {@code %0}-{@code %9} in attribute
   * names.
   */
  public record Target(
      java.util.function.BiFunction<String, Map<String, String>, String> param,
      java.util.function.Function<String, String> meta,
      java.util.regex.MatchResult match) {
    public static final Target NONE = new Target((k, attrs) -> null, k -> null, null);
  }

  public boolean matches(Rule rule, Map<String, String> attrs) {
    return matches(rule, attrs, Target.NONE);
  }

  public boolean matches(Rule rule, Map<String, String> attrs, Target target) {
    boolean or = "or".equalsIgnoreCase(rule.booleanOp());
    if (rule.expressions().isEmpty()) {
      // Pacemaker treats an empty rule as true (it constrains nothing).
      return true;
    }
    for (RuleExpression e : rule.expressions()) {
      boolean m = matches(e, attrs, target);
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
  public boolean matchesResource(Rule rule, Resource r) {
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

  private boolean matches(RuleExpression e, Map<String, String> attrs, Target target) {
    if (e instanceof Rule r) {
      return matches(r, attrs, target);
    }
    if (e instanceof AttributeExpression a) {
      return matches(a, attrs, target);
    }
    if (e instanceof DateExpression d) {
      return matches(d);
    }
    return false;
  }

  /** Pacemaker's pe__eval_attr_expr and accept_attr_expr, rule for rule. */
  private static boolean matches(AttributeExpression a, Map<String, String> attrs, Target target) {
    String attribute = a.attribute();
    if (attribute == null) {
      return false;
    }
    if (target.match() != null && attribute.indexOf('%') >= 0) {
      attribute = expandSubmatches(attribute, target.match());
    }
    String actual = attrs.get(attribute);
    String op = a.operation() == null ? "" : a.operation().toLowerCase(java.util.Locale.ROOT);
    if (op.equals("defined")) {
      return actual != null;
    }
    if (op.equals("not_defined")) {
      return actual == null;
    }
    String value = a.value();
    if (value != null && value.isEmpty()) {
      value = null;
    } else if (value != null && "param".equalsIgnoreCase(a.valueSource())) {
      value = target.param().apply(value, attrs);
    } else if (value != null && "meta".equalsIgnoreCase(a.valueSource())) {
      value = target.meta().apply(value);
    }
    int cmp = compare(actual, value, a.type(), op);
    return switch (op) {
      case "eq" -> cmp == 0;
      case "ne" -> cmp != 0;
      default ->
          actual != null
              && value != null
              && switch (op) {
                case "lt" -> cmp < 0;
                case "lte" -> cmp <= 0;
                case "gt" -> cmp > 0;
                case "gte" -> cmp >= 0;
                default -> false;
              };
    };
  }

  /** {@code %0}-{@code %9} in an attribute name replaced by the rsc-pattern's groups. */
  private static String expandSubmatches(String attribute, java.util.regex.MatchResult m) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < attribute.length(); i++) {
      char c = attribute.charAt(i);
      if (c == '%' && i + 1 < attribute.length() && Character.isDigit(attribute.charAt(i + 1))) {
        int g = attribute.charAt(++i) - '0';
        if (g <= m.groupCount() && m.group(g) != null) {
          out.append(m.group(g));
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Pacemaker's compare_attr_expr_vals: without a type, lt/lte/gt/gte compare as numbers when
   * either value has a '.', else as integers, and eq/ne compare as strings; strings compare without
   * case; a value that does not parse as the type compares as a string; a missing value is less
   * than any other.
   */
  private static int compare(String actual, String expected, String type, String op) {
    if (actual == null || expected == null) {
      return actual == null && expected == null ? 0 : actual == null ? -1 : 1;
    }
    String t = type == null ? null : type.toLowerCase(java.util.Locale.ROOT);
    if (t == null) {
      boolean ordering = op.equals("lt") || op.equals("lte") || op.equals("gt") || op.equals("gte");
      t =
          !ordering
              ? "string"
              : actual.indexOf('.') >= 0 || expected.indexOf('.') >= 0 ? "number" : "integer";
    }
    switch (t) {
      case "integer" -> {
        Long x = leadingLong(actual);
        Long y = leadingLong(expected);
        if (x != null && y != null) {
          return Long.compare(x, y);
        }
      }
      case "number" -> {
        Double x = leadingDouble(actual);
        Double y = leadingDouble(expected);
        if (x != null && y != null) {
          return Double.compare(x, y);
        }
      }
      case "version" -> {
        return compareVersions(actual, expected);
      }
      default -> {}
    }
    return Integer.signum(actual.compareToIgnoreCase(expected));
  }

  private static final java.util.regex.Pattern LEADING_LONG =
      java.util.regex.Pattern.compile("\\s*([+-]?\\d+).*", java.util.regex.Pattern.DOTALL);
  private static final java.util.regex.Pattern LEADING_DOUBLE =
      java.util.regex.Pattern.compile(
          "\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?).*",
          java.util.regex.Pattern.DOTALL);

  /** strtoll's reading: the leading integer (what follows it is ignored), or null if none. */
  private static Long leadingLong(String s) {
    java.util.regex.Matcher m = LEADING_LONG.matcher(s);
    if (!m.matches()) {
      return null;
    }
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return m.group(1).startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE; // ERANGE clamps
    }
  }

  /** strtod's reading: the leading number, or null if none. */
  private static Double leadingDouble(String s) {
    java.util.regex.Matcher m = LEADING_DOUBLE.matcher(s);
    return m.matches() ? Double.parseDouble(m.group(1)) : null;
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
