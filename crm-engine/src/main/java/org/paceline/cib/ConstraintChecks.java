package org.paceline.cib;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks constraints (location, colocation, order, ticket) and their resource sets: required
 * attributes, values, and references to resources or tags that exist.
 */
final class ConstraintChecks {
  private static final Set<String> ORDER_ACTIONS = Set.of("start", "stop", "promote", "demote");
  private static final Set<String> DISCOVERY = Set.of("always", "never", "exclusive");
  private static final Set<String> LOSS_POLICIES = Set.of("stop", "demote", "fence", "freeze");

  private final ValidationContext ctx;
  private final AttributeSetChecks sets;

  ConstraintChecks(ValidationContext ctx, AttributeSetChecks sets) {
    this.ctx = ctx;
    this.sets = sets;
  }

  void constraint(Constraint c) {
    if (c instanceof OtherConstraint o) {
      ctx.id(o.element().name(), o.id());
      if (o.element().name().equals("rsc_ticket")) {
        ticket(o);
      }
      return;
    }
    for (ResourceSet s : c.resourceSets()) {
      ctx.idOrRef("resource_set", s.id(), s.idRef());
      if (s.idRef() == null && s.resourceRefs().isEmpty()) {
        ctx.error("resource_set", s.id(), "an empty resource set");
      }
      for (String ref : s.resourceRefs()) {
        reference(c, ref, "resource_set '" + s.id() + "'");
      }
      if (s.action() != null && !ORDER_ACTIONS.contains(s.action())) {
        ctx.error(
            "resource_set",
            s.id(),
            "bad action '" + s.action() + "' (expected start, stop, promote or demote)");
      }
    }
    if (c instanceof LocationConstraint l) {
      location(l);
    } else if (c instanceof ColocationConstraint k) {
      colocation(k);
    } else if (c instanceof OrderConstraint o) {
      order(o);
    }
  }

  /**
   * An rsc_ticket as Pacemaker's unpack checks it: a ticket, a resource (rsc or resource sets) that
   * exists, and a loss-policy it knows (otherwise Pacemaker resets it, as the scheduler does).
   */
  private void ticket(OtherConstraint c) {
    XmlNode e = c.element();
    Map<String, String> a = e.attributes();
    if (a.get("ticket") == null || a.get("ticket").isBlank()) {
      ctx.error("rsc_ticket", e.id(), "missing ticket");
    }
    List<XmlNode> ticketSets =
        e.children().stream().filter(k -> k.name().equals("resource_set")).toList();
    if (ticketSets.isEmpty() && a.get("rsc") == null) {
      ctx.error("rsc_ticket", e.id(), "names no resource (rsc or a resource_set)");
    }
    reference(c, a.get("rsc"), "rsc");
    for (XmlNode set : ticketSets) {
      for (XmlNode ref : set.children()) {
        if (ref.name().equals("resource_ref")) {
          reference(c, ref.id(), "resource_set '" + set.id() + "'");
        }
      }
    }
    String loss = a.get("loss-policy");
    if (loss != null && !LOSS_POLICIES.contains(loss)) {
      ctx.warning(
          "rsc_ticket",
          e.id(),
          "bad loss-policy '"
              + loss
              + "' (expected stop, demote, fence or freeze; stop, or demote for role Promoted, is"
              + " used)");
    }
  }

  private String element(Constraint c) {
    if (c instanceof OtherConstraint o) {
      return o.element().name();
    }
    if (c instanceof LocationConstraint) {
      return "rsc_location";
    }
    if (c instanceof ColocationConstraint) {
      return "rsc_colocation";
    }
    return "rsc_order";
  }

  private void reference(Constraint c, String ref, String role) {
    if (ref == null) {
      return;
    }
    if (!ctx.resourceIds.contains(ref) && !ctx.tagIds.contains(ref)) {
      ctx.error(element(c), c.id(), role + " refers to unknown resource '" + ref + "'");
    }
  }

  private void location(LocationConstraint l) {
    ctx.id("rsc_location", l.id());
    int targets =
        (l.rsc() != null ? 1 : 0)
            + (l.rscPattern() != null ? 1 : 0)
            + (l.resourceSets().isEmpty() ? 0 : 1);
    if (targets != 1) {
      ctx.error("rsc_location", l.id(), "give exactly one of rsc, rsc-pattern or resource sets");
    }
    reference(l, l.rsc(), "rsc");
    if (l.rscPattern() != null) {
      try {
        Pattern.compile(l.rscPattern());
      } catch (PatternSyntaxException e) {
        ctx.error(
            "rsc_location",
            l.id(),
            "rsc-pattern is not a valid regular expression: " + e.getDescription());
      }
    }
    boolean direct = l.node() != null || l.score() != null;
    if (direct && !l.rules().isEmpty()) {
      ctx.error("rsc_location", l.id(), "give either node and score, or rules, not both");
    } else if (!direct && l.rules().isEmpty()) {
      ctx.error("rsc_location", l.id(), "needs node and score, or at least one rule");
    } else if (direct && (l.node() == null || l.score() == null)) {
      ctx.error(
          "rsc_location",
          l.id(),
          l.node() == null ? "has a score but no node" : "has a node but no score");
    }
    if (l.node() != null && !ctx.config.nodes().isEmpty() && ctx.config.node(l.node()).isEmpty()) {
      ctx.warning("rsc_location", l.id(), "node '" + l.node() + "' is not a configured node");
    }
    if (l.resourceDiscovery() != null && !DISCOVERY.contains(l.resourceDiscovery())) {
      ctx.error(
          "rsc_location",
          l.id(),
          "bad resource-discovery '"
              + l.resourceDiscovery()
              + "' (expected always, never or exclusive)");
    }
    for (Rule r : l.rules()) {
      sets.rule(r, true);
    }
  }

  private void colocation(ColocationConstraint k) {
    ctx.id("rsc_colocation", k.id());
    if (k.resourceSets().isEmpty()) {
      if (k.rsc() == null || k.withRsc() == null) {
        ctx.error("rsc_colocation", k.id(), "needs both rsc and with-rsc (or resource sets)");
      }
      if (k.score() == null) {
        ctx.error("rsc_colocation", k.id(), "missing score (e.g. INFINITY)");
      }
      reference(k, k.rsc(), "rsc");
      reference(k, k.withRsc(), "with-rsc");
      if (k.rsc() != null && k.rsc().equals(k.withRsc())) {
        ctx.error("rsc_colocation", k.id(), "colocates '" + k.rsc() + "' with itself");
      }
    } else if (k.rsc() != null || k.withRsc() != null) {
      ctx.error("rsc_colocation", k.id(), "give either rsc/with-rsc or resource sets, not both");
    }
  }

  private void order(OrderConstraint o) {
    ctx.id("rsc_order", o.id());
    String badKind = o.otherAttributes().get("kind");
    if (badKind != null) {
      ctx.warning(
          "rsc_order",
          o.id(),
          "kind '"
              + badKind
              + "' is not Mandatory, Optional or Serialize; Pacemaker takes it as Mandatory"
              + " (its score is ignored)");
    }
    if (o.resourceSets().isEmpty()) {
      if (o.first() == null || o.then() == null) {
        ctx.error("rsc_order", o.id(), "needs both first and then (or resource sets)");
      }
      reference(o, o.first(), "first");
      reference(o, o.then(), "then");
      if (o.first() != null
          && o.first().equals(o.then())
          && o.effectiveFirstAction().equals(o.effectiveThenAction())) {
        ctx.error("rsc_order", o.id(), "orders '" + o.first() + "' after itself");
      }
    } else if (o.first() != null || o.then() != null) {
      ctx.error("rsc_order", o.id(), "give either first/then or resource sets, not both");
    }
    for (String action : new String[] {o.firstAction(), o.thenAction()}) {
      if (action != null && !ORDER_ACTIONS.contains(action.toLowerCase(Locale.ROOT))) {
        ctx.error(
            "rsc_order",
            o.id(),
            "bad action '" + action + "' (expected start, stop, promote or demote)");
      }
    }
  }
}
