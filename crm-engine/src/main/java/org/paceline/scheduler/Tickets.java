package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.Cib;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.Clone;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.OtherConstraint;
import org.paceline.cib.Resource;
import org.paceline.cib.Role;
import org.paceline.cib.Score;
import org.paceline.cib.XmlNode;
import org.paceline.unpack.ActiveInstance;

/**
 * Ticket constraints ({@code rsc_ticket}), as Pacemaker's scheduler applies them: a resource that
 * depends on a ticket may run only while the ticket is granted and not in standby. The tickets'
 * state is the status section's {@code <tickets><ticket_state granted= standby=/>}; a ticket that
 * is not there is not granted. For each primitive the constraint reaches (the resource itself, or
 * every member and instance of a group or clone):
 *
 * <ul>
 *   <li>ticket revoked while the primitive is active: {@code loss-policy} decides. {@code stop}
 *       bans it from every node; {@code demote} bans it unless the constraint is for the promoted
 *       role (then only promotion is banned); {@code fence} bans it and fences the nodes it is
 *       active on ("deadman ticket was lost"), if its role matches the constraint's; {@code freeze}
 *       leaves it where it is, unmanaged, if its role matches. The default is {@code demote} for a
 *       promoted-role constraint and {@code stop} otherwise; {@code fence} without fencing enabled
 *       is {@code stop};
 *   <li>ticket not granted and the primitive inactive, or ticket in standby: banned everywhere,
 *       unless the constraint is for the promoted role with a policy other than stop;
 *   <li>a promoted-role constraint whose ticket is revoked or in standby bans promotion.
 * </ul>
 *
 * The result feeds the other stages as location constraints of -INFINITY (named {@code
 * __loss_of_ticket__}, {@code __no_ticket__}, {@code __ticket_standby__} and {@code
 * __stateful_without_ticket__} as in Pacemaker), nodes to fence, and resources to leave unmanaged.
 */
final class Tickets {
  /** A ticket's state in the status section. */
  record State(boolean granted, boolean standby) {
    static final State ABSENT = new State(false, false);
  }

  private enum LossPolicy {
    STOP,
    DEMOTE,
    FENCE,
    FREEZE
  }

  /** Bans to apply as location constraints. */
  final List<LocationConstraint> locations = new ArrayList<>();

  /** Nodes to fence because a ticket with loss-policy=fence was lost, with the reason. */
  final Map<String, String> fence = new LinkedHashMap<>();

  /** Resources (top-level ids) left unmanaged by loss-policy=freeze. */
  final Set<String> frozen = new LinkedHashSet<>();

  private final List<String> nodes;
  private final Map<String, TopLevelResource> topOf;
  private final Set<String> banned = new LinkedHashSet<>();

  private Tickets(List<String> nodes, Map<String, TopLevelResource> topOf) {
    this.nodes = nodes;
    this.topOf = topOf;
  }

  /** The tickets' states from the status section, by ticket id. */
  static Map<String, State> states(Cib cib) {
    Map<String, State> out = new HashMap<>();
    for (XmlNode c : cib.otherStatusChildren()) {
      if (!c.name().equals("tickets")) {
        continue;
      }
      for (XmlNode t : c.children()) {
        if (t.name().equals("ticket_state") && t.id() != null) {
          out.put(
              t.id(),
              new State(
                  CibBooleans.isTrue(t.attributes().getOrDefault("granted", "false")),
                  CibBooleans.isTrue(t.attributes().getOrDefault("standby", "false"))));
        }
      }
    }
    return out;
  }

  /**
   * Applies every rsc_ticket of the configuration.
   *
   * @param nodes the node names
   * @param fencingEnabled whether loss-policy=fence can fence
   */
  static Tickets apply(
      Cib cib, Map<String, TopLevelResource> topOf, List<String> nodes, boolean fencingEnabled) {
    Tickets out = new Tickets(nodes, topOf);
    Map<String, State> states = states(cib);
    for (var c : cib.configuration().constraints()) {
      if (!(c instanceof OtherConstraint oc) || !oc.element().name().equals("rsc_ticket")) {
        continue;
      }
      XmlNode e = oc.element();
      String ticket = e.attributes().get("ticket");
      if (ticket == null) {
        continue;
      }
      State state = states.getOrDefault(ticket, State.ABSENT);
      String loss = e.attributes().get("loss-policy");
      boolean sets = false;
      for (XmlNode set : e.children()) {
        if (!set.name().equals("resource_set")) {
          continue;
        }
        sets = true;
        Role role = role(set.attributes().get("role"));
        for (XmlNode ref : set.children()) {
          if (ref.name().equals("resource_ref") && ref.id() != null) {
            out.constrain(ref.id(), state, role, loss, fencingEnabled);
          }
        }
      }
      if (!sets && e.attributes().get("rsc") != null) {
        out.constrain(
            e.attributes().get("rsc"),
            state,
            role(e.attributes().get("rsc-role")),
            loss,
            fencingEnabled);
      }
    }
    return out;
  }

  /** The constraint's role: null for any (absent or Started). */
  private static Role role(String text) {
    if (text == null) {
      return null;
    }
    try {
      Role r = Role.parse(text);
      return r == Role.STARTED || r == Role.UNKNOWN ? null : r;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static LossPolicy policy(String loss, Role role, boolean fencingEnabled) {
    String l = loss == null ? "" : loss.trim().toLowerCase(java.util.Locale.ROOT);
    switch (l) {
      case "fence":
        return fencingEnabled ? LossPolicy.FENCE : LossPolicy.STOP;
      case "freeze":
        return LossPolicy.FREEZE;
      case "demote":
        return LossPolicy.DEMOTE;
      case "stop":
        return LossPolicy.STOP;
      default:
        return role == Role.PROMOTED ? LossPolicy.DEMOTE : LossPolicy.STOP;
    }
  }

  private void constrain(String rsc, State state, Role role, String loss, boolean fencingEnabled) {
    TopLevelResource top = topOf.get(rsc);
    if (top == null || (state.granted() && !state.standby())) {
      return;
    }
    LossPolicy policy = policy(loss, role, fencingEnabled);
    boolean promotedRole = role == Role.PROMOTED;
    if (promotedRole) {
      ban(rsc, Role.PROMOTED, "__stateful_without_ticket__");
    }
    for (PrimitiveInstance l : leavesOf(top, rsc)) {
      boolean active = !l.active.isEmpty();
      if (!state.granted() && active) {
        switch (policy) {
          case STOP -> ban(rsc, null, "__loss_of_ticket__");
          case DEMOTE -> {
            if (!promotedRole) {
              ban(rsc, null, "__loss_of_ticket__");
            }
          }
          case FENCE -> {
            if (roleMatches(top, l, role)) {
              // Pacemaker bans the matching instance alone; with a role filter the others stay.
              // The instance's node is fenced, so only an unfiltered constraint needs the ban.
              if (role == null) {
                ban(rsc, null, "__loss_of_ticket__");
              }
              for (ActiveInstance a : l.active) {
                fence.putIfAbsent(a.node(), "deadman ticket was lost");
              }
            }
          }
          case FREEZE -> {
            if (roleMatches(top, l, role)) {
              frozen.add(top.id());
            }
          }
        }
      } else if (!promotedRole || policy == LossPolicy.STOP) {
        ban(rsc, null, state.granted() ? "__ticket_standby__" : "__no_ticket__");
      }
    }
  }

  /** Whether the constraint's role (null: any) is the primitive's current one. */
  private static boolean roleMatches(TopLevelResource top, PrimitiveInstance l, Role role) {
    if (role == null) {
      return true;
    }
    Role now = l.currentRole();
    if (top.promotable && now == Role.STARTED) {
      now = Role.UNPROMOTED;
    }
    return now == role;
  }

  /** The primitives a constraint on {@code rsc} reaches within its top-level resource. */
  private static List<PrimitiveInstance> leavesOf(TopLevelResource top, String rsc) {
    if (rsc.equals(top.id())
        || (top.clone
            && ((Clone) top.resource).child() != null
            && ((Clone) top.resource).child().id().equals(rsc))) {
      return top.primitives();
    }
    List<PrimitiveInstance> out = new ArrayList<>();
    for (PrimitiveInstance l : top.primitives()) {
      if (l.primitive.id().equals(rsc) || within(top.resource, rsc, l.primitive.id())) {
        out.add(l);
      }
    }
    return out;
  }

  /** Whether primitive {@code prim} lies inside the resource {@code rsc} (a nested group). */
  private static boolean within(Resource r, String rsc, String prim) {
    if (r.id().equals(rsc)) {
      return contains(r, prim);
    }
    for (Resource c : r.children()) {
      if (within(c, rsc, prim)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(Resource r, String prim) {
    if (r.id().equals(prim)) {
      return true;
    }
    for (Resource c : r.children()) {
      if (contains(c, prim)) {
        return true;
      }
    }
    return false;
  }

  /** Bans {@code rsc} (for {@code role}, null: any) from every node, once (the first reason). */
  private void ban(String rsc, Role role, String reason) {
    if (!banned.add(rsc + "\u0000" + role)) {
      return;
    }
    for (String n : nodes) {
      locations.add(
          new LocationConstraint(
              reason,
              rsc,
              null,
              role,
              Score.MINUS_INFINITY,
              n,
              List.of(),
              null,
              List.of(),
              Map.of()));
    }
  }
}
