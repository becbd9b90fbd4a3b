package org.paceline.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.paceline.cib.AttributeExpression;
import org.paceline.cib.Clone;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.DateExpression;
import org.paceline.cib.Group;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Role;
import org.paceline.cib.Rule;
import org.paceline.cib.RuleExpression;
import org.paceline.cib.Score;

/**
 * What {@code crm resource start|stop|manage|move|ban|clear ...} change in the configuration, the
 * way crmsh and crm_resource do it: meta attributes ({@code target-role}, {@code is-managed}) on
 * the resource, and {@code cli-prefer-RSC} / {@code cli-ban-RSC-on-NODE} location constraints, with
 * a lifetime as a {@code date_expression lt END} rule. Pure: "now" is passed in.
 */
final class ResourceEdits {
  private ResourceEdits() {}

  /** An edit that cannot be made (unknown resource or node, bad lifetime). */
  static final class EditException extends Exception {
    EditException(String message) {
      super(message);
    }
  }

  /** {@code c} with meta attribute {@code name} of resource {@code rsc} set (null: removed). */
  static Configuration setMeta(Configuration c, String rsc, String name, String value)
      throws EditException {
    requireResource(c, rsc);
    List<Resource> rs = new ArrayList<>();
    for (Resource r : c.resources()) {
      rs.add(withMeta(r, rsc, name, value));
    }
    return Configs.withResources(c, rs);
  }

  private static Resource withMeta(Resource r, String rsc, String name, String value) {
    if (r instanceof Primitive p) {
      if (!p.id().equals(rsc)) {
        return p;
      }
      return new Primitive(
          p.id(),
          p.resourceClass(),
          p.provider(),
          p.type(),
          p.description(),
          p.template(),
          meta(p.metaAttributes(), p.id(), name, value),
          p.instanceAttributes(),
          p.utilization(),
          p.operationsId(),
          p.operations(),
          p.otherAttributes(),
          p.otherChildren());
    }
    if (r instanceof Group g) {
      List<Resource> ms = new ArrayList<>();
      for (Resource m : g.members()) {
        ms.add(withMeta(m, rsc, name, value));
      }
      return new Group(
          g.id(),
          g.description(),
          g.id().equals(rsc) ? meta(g.metaAttributes(), g.id(), name, value) : g.metaAttributes(),
          g.instanceAttributes(),
          ms,
          g.otherAttributes(),
          g.otherChildren());
    }
    if (r instanceof Clone cl) {
      return new Clone(
          cl.id(),
          cl.description(),
          cl.id().equals(rsc)
              ? meta(cl.metaAttributes(), cl.id(), name, value)
              : cl.metaAttributes(),
          cl.instanceAttributes(),
          cl.child() == null ? null : withMeta(cl.child(), rsc, name, value),
          cl.otherAttributes(),
          cl.otherChildren());
    }
    return r;
  }

  private static List<NvSet> meta(List<NvSet> sets, String id, String name, String value) {
    return NvSetEdits.set(sets, id + "-meta_attributes", name, value);
  }

  /** The id crm_resource gives a move's constraint. */
  static String preferId(String rsc) {
    return "cli-prefer-" + rsc;
  }

  /** The id crm_resource gives a ban's constraint. */
  static String banId(String rsc, String node) {
    return "cli-ban-" + rsc + "-on-" + node;
  }

  /** {@code crm resource move RSC NODE}: prefer NODE with INFINITY (until {@code end}, if set). */
  static Configuration move(Configuration c, String rsc, String node, String end)
      throws EditException {
    return move(c, rsc, node, end, Role.STARTED);
  }

  /**
   * As {@link #move(Configuration, String, String, String)} for a role: {@code --promoted} moves a
   * promotable clone's promoted role (the constraint has role=Promoted).
   */
  static Configuration move(Configuration c, String rsc, String node, String end, Role role)
      throws EditException {
    return location(c, rsc, node, preferId(rsc), Score.INFINITY, end, role);
  }

  /** {@code crm resource ban RSC NODE}: -INFINITY on NODE (until {@code end}, if set). */
  static Configuration ban(Configuration c, String rsc, String node, String end)
      throws EditException {
    return ban(c, rsc, node, end, Role.STARTED);
  }

  /** As {@link #ban(Configuration, String, String, String)} for a role ({@code --promoted}). */
  static Configuration ban(Configuration c, String rsc, String node, String end, Role role)
      throws EditException {
    return location(c, rsc, node, banId(rsc, node), Score.MINUS_INFINITY, end, role);
  }

  /** Whether {@code rsc} is a promotable clone, or the resource a promotable clone clones. */
  static boolean isPromotable(Configuration c, String rsc) {
    for (Resource r : c.resources()) {
      if (r instanceof Clone cl
          && cl.promotable()
          && (cl.id().equals(rsc) || (cl.child() != null && cl.child().id().equals(rsc)))) {
        return true;
      }
    }
    return false;
  }

  private static Configuration location(
      Configuration c, String rsc, String node, String id, Score score, String end, Role role)
      throws EditException {
    requireResource(c, rsc);
    if (c.node(node).isEmpty()) {
      throw new EditException("no node '" + node + "' in the configuration");
    }
    List<Constraint> cs = new ArrayList<>();
    for (Constraint x : c.constraints()) {
      if (!id.equals(x.id())) {
        cs.add(x);
      }
    }
    LocationConstraint lc;
    if (end == null) {
      lc = new LocationConstraint(id, rsc, null, role, score, node, null, null, null, null);
    } else {
      String kind = id.startsWith("cli-prefer-") ? "cli-prefer" : "cli-ban";
      List<RuleExpression> exprs =
          List.of(
              new AttributeExpression(
                  kind + "-expr-" + rsc, "#uname", "eq", node, "string", null, Map.of()),
              new DateExpression(
                  kind + "-lifetime-end-" + rsc, "lt", null, end, List.of(), Map.of()));
      Rule rule = new Rule(kind + "-rule-" + rsc, null, score, null, "and", null, exprs, Map.of());
      lc = new LocationConstraint(id, rsc, null, role, null, null, List.of(rule), null, null, null);
    }
    cs.add(lc);
    return Configs.withConstraints(c, cs);
  }

  /** {@code crm resource clear RSC}: removes every move and ban of RSC. */
  static Configuration clear(Configuration c, String rsc) throws EditException {
    requireResource(c, rsc);
    List<Constraint> cs = new ArrayList<>();
    for (Constraint x : c.constraints()) {
      boolean cli = x.id().equals(preferId(rsc)) || x.id().startsWith("cli-ban-" + rsc + "-on-");
      if (!cli) {
        cs.add(x);
      }
    }
    return Configs.withConstraints(c, cs);
  }

  /**
   * The end of a lifetime: {@code now} plus an ISO 8601 duration ({@code PT1H}, {@code P1D}; like
   * crm_resource, {@code P1H} is read as one hour), as a date the rule evaluator reads.
   */
  static String lifetimeEnd(String iso, Instant now) throws EditException {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    ZonedDateTime end;
    try {
      end = t.plus(Duration.parse(iso));
    } catch (DateTimeParseException e) {
      try {
        end = t.plus(Period.parse(iso));
      } catch (DateTimeParseException e2) {
        try {
          end = iso.startsWith("P") ? t.plus(Duration.parse("PT" + iso.substring(1))) : null;
        } catch (DateTimeParseException e3) {
          end = null;
        }
      }
    }
    if (end == null || !end.isAfter(t)) {
      throw new EditException(
          "bad lifetime '" + iso + "' (expected a positive ISO 8601 duration such as PT1H or P1D)");
    }
    return end.withNano(0).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"));
  }

  private static void requireResource(Configuration c, String rsc) throws EditException {
    if (c.resource(rsc).isEmpty()) {
      throw new EditException("no resource '" + rsc + "' in the configuration");
    }
  }
}
