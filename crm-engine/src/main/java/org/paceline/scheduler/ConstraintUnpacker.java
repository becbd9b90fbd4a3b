package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.paceline.cib.CibBooleans;
import org.paceline.cib.ColocationConstraint;
import org.paceline.cib.Constraint;
import org.paceline.cib.OrderConstraint;
import org.paceline.cib.OrderKind;
import org.paceline.cib.ResourceSet;
import org.paceline.cib.Role;

/**
 * Turns colocation and order constraints (plain and with resource sets) into pairwise {@link
 * Colocation}s and {@link Ordering}s between top-level resources, as Pacemaker's unpack does.
 */
final class ConstraintUnpacker {
  private final Map<String, TopLevelResource> topOf;
  final List<Colocation> colocations = new ArrayList<>();
  final List<Ordering> orderings = new ArrayList<>();

  ConstraintUnpacker(Map<String, TopLevelResource> topOf) {
    this.topOf = topOf;
  }

  void unpack(List<Constraint> constraints) {
    for (Constraint c : constraints) {
      if (c instanceof ColocationConstraint cc) {
        colocation(cc);
      } else if (c instanceof OrderConstraint oc) {
        order(oc);
      }
    }
  }

  private void colocation(ColocationConstraint cc) {
    int score = cc.score() == null ? 0 : cc.score().value();
    if (cc.resourceSets().isEmpty()) {
      addColocation(
          cc.id(),
          cc.rsc(),
          cc.withRsc(),
          score,
          cc.rscRole(),
          cc.withRscRole(),
          cc.nodeAttribute());
      return;
    }
    List<ResourceSet> sets = cc.resourceSets();
    for (ResourceSet s : sets) {
      int local = s.score() == null ? score : s.score().value();
      if (s.sequential() != null && !s.sequential()) {
        continue;
      }
      List<String> refs = s.resourceRefs();
      if (local > 0 && (s.ordering() == null || s.ordering().equalsIgnoreCase("group"))) {
        // Each member is placed relative to the one before it.
        for (int i = 1; i < refs.size(); i++) {
          addColocation(
              cc.id(), refs.get(i), refs.get(i - 1), local, s.role(), s.role(), cc.nodeAttribute());
        }
      } else if (local > 0) {
        // ordering="listed" (Pacemaker's unpack_colocation_set): each member is placed relative
        // to the one after it, so a member that cannot run stops those listed before it.
        for (int i = 1; i < refs.size(); i++) {
          addColocation(
              cc.id(), refs.get(i - 1), refs.get(i), local, s.role(), s.role(), cc.nodeAttribute());
        }
      } else {
        // A negative score keeps every member away from every member before it, the only way
        // no two of them share a node.
        for (int i = 1; i < refs.size(); i++) {
          for (int j = 0; j < i; j++) {
            addColocation(
                cc.id(), refs.get(i), refs.get(j), local, s.role(), s.role(), cc.nodeAttribute());
          }
        }
      }
    }
    for (int i = 0; i + 1 < sets.size(); i++) {
      ResourceSet a = sets.get(i);
      ResourceSet b = sets.get(i + 1);
      List<String> depMembers = seq(a) ? List.of(a.resourceRefs().get(0)) : a.resourceRefs();
      List<String> primMembers =
          seq(b) ? List.of(b.resourceRefs().get(b.resourceRefs().size() - 1)) : b.resourceRefs();
      for (String d : depMembers) {
        for (String p : primMembers) {
          addColocation(cc.id(), d, p, score, a.role(), b.role(), cc.nodeAttribute());
        }
      }
    }
  }

  private static boolean seq(ResourceSet s) {
    return (s.sequential() == null || s.sequential()) && !s.resourceRefs().isEmpty();
  }

  private void addColocation(
      String id, String dep, String prim, int score, Role depRole, Role primRole, String attr) {
    TopLevelResource d = dep == null ? null : topOf.get(dep);
    TopLevelResource p = prim == null ? null : topOf.get(prim);
    if (d == null || p == null || d == p || score == 0) {
      return;
    }
    colocations.add(new Colocation(id, d, p, score, norm(depRole), norm(primRole), attr));
  }

  private static Role norm(Role r) {
    return r == Role.STARTED || r == Role.UNKNOWN ? null : r;
  }

  private void order(OrderConstraint oc) {
    boolean mandatory = oc.effectiveKind() == OrderKind.MANDATORY;
    if (oc.resourceSets().isEmpty()) {
      String requireAll = oc.otherAttributes().get("require-all");
      addOrder(
          oc.id(),
          oc.first(),
          oc.effectiveFirstAction(),
          oc.then(),
          oc.effectiveThenAction(),
          mandatory,
          oc.effectiveSymmetrical(),
          requireAll == null || CibBooleans.isTrue(requireAll),
          null,
          oc.otherAttributes().get(org.paceline.unpack.BundleExpansion.FIRST_BUNDLE_MARK));
      return;
    }
    List<ResourceSet> sets = oc.resourceSets();
    for (ResourceSet s : sets) {
      String action = s.action() == null ? oc.effectiveFirstAction() : s.action();
      if (s.sequential() == null || s.sequential()) {
        for (int i = 1; i < s.resourceRefs().size(); i++) {
          addOrder(
              oc.id(),
              s.resourceRefs().get(i - 1),
              action,
              s.resourceRefs().get(i),
              action,
              mandatory,
              oc.effectiveSymmetrical(),
              true,
              null,
              null);
        }
      }
    }
    for (int i = 0; i + 1 < sets.size(); i++) {
      ResourceSet a = sets.get(i);
      ResourceSet b = sets.get(i + 1);
      String fa = a.action() == null ? oc.effectiveFirstAction() : a.action();
      String ta = b.action() == null ? oc.effectiveFirstAction() : b.action();
      List<String> firsts =
          seq(a) ? List.of(a.resourceRefs().get(a.resourceRefs().size() - 1)) : a.resourceRefs();
      List<String> thens = seq(b) ? List.of(b.resourceRefs().get(0)) : b.resourceRefs();
      boolean requireAll = a.requireAll() == null || a.requireAll();
      // require-all=false: one runnable member of the first set is enough for the next set.
      String oneOrMore = requireAll ? null : "one-or-more:" + (a.id() != null ? a.id() : oc.id());
      for (String f : firsts) {
        for (String t : thens) {
          addOrder(
              oc.id(), f, fa, t, ta, mandatory, oc.effectiveSymmetrical(), true, oneOrMore, null);
        }
      }
    }
  }

  private void addOrder(
      String id,
      String first,
      String fa,
      String then,
      String ta,
      boolean mandatory,
      boolean symmetrical,
      boolean requireAll,
      String oneOrMore,
      String firstBundle) {
    TopLevelResource f = first == null ? null : topOf.get(first);
    TopLevelResource t = then == null ? null : topOf.get(then);
    if (f == null || t == null || f == t) {
      return;
    }
    orderings.add(
        new Ordering(
            id,
            f,
            fa,
            t,
            ta,
            mandatory,
            symmetrical,
            memberOf(f, first),
            memberOf(t, then),
            requireAll,
            oneOrMore,
            firstBundle));
  }

  /** The group member {@code id} names inside top t, or null when it names t (or a clone's). */
  private static String memberOf(TopLevelResource t, String id) {
    return t.clone || t.resource.id().equals(id) ? null : id;
  }
}
