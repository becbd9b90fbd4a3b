package org.paceline.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paceline.cib.Configuration;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.ResourceSet;
import org.paceline.cib.Role;

/**
 * crmsh's resource sets inside a constraint statement ({@code ( ... )}, {@code [ ... ]}, {@code
 * sequential=}, {@code require-all=}), read as crmsh's own parser reads them, for {@link
 * CrmshConstraints}.
 */
final class CrmshResourceSets {
  private CrmshResourceSets() {}

  /** Words that open and close a resource set: ( ) sequential=false, [ ] require-all=false. */
  private static final Set<String> SET_BRACKETS = Set.of("(", ")", "[", "]");

  /**
   * Whether the rest is crmsh's resource-set form rather than exactly two resources: brackets,
   * attributes, or more than two resources.
   */
  static boolean isSetForm(CrmshWords w) {
    List<String> rest = w.rest();
    if (rest.size() < 2) {
      return false;
    }
    if (rest.size() > 2) {
      return true;
    }
    for (String x : rest) {
      if (SET_BRACKETS.contains(x) || x.contains("=")) {
        return true;
      }
    }
    return false;
  }

  /**
   * crmsh resource sets, read as crmsh's own ResourceSet parser reads them: a run of resources is
   * one set, and a new set starts wherever the role (colocation) or action (order) suffix changes,
   * inside brackets too; {@code ( ... )} is a set with sequential=false, {@code [ ... ]} one with
   * require-all=false and sequential=false, until the bracket closes; {@code sequential=} and
   * {@code require-all=} change them for the sets that follow, until the next bracket. Only false
   * values are written (true is Pacemaker's default). Brackets may touch their neighbour ({@code (a
   * b)}). Sets are named ID-0, ID-1, ... in order.
   */
  static List<ResourceSet> resourceSets(
      Configuration c, CrmshWords w, String id, boolean colocation) throws CrmshException {
    List<ResourceSet> sets = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    String[] suffix = {null};
    boolean sequential = true;
    boolean requireAll = true;
    String opened = null;
    List<String> tokens = new ArrayList<>();
    while (w.hasNext() || !tokens.isEmpty()) {
      if (tokens.isEmpty()) {
        tokens.addAll(splitBrackets(w.next("a resource")));
      }
      String word = tokens.remove(0);
      if (word.equals("(") || word.equals("[")) {
        flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
        if (opened != null) {
          throw w.error("resource sets do not nest; expected '" + closing(opened) + "'");
        }
        sequential = false;
        requireAll = !word.equals("[");
        opened = word;
      } else if (word.equals(")") || word.equals("]")) {
        if (opened == null) {
          throw w.error("'" + word + "' closes no resource set");
        }
        if (!word.equals(closing(opened))) {
          throw w.error("'" + word + "' does not close '" + opened + "'");
        }
        if (refs.isEmpty()) {
          throw w.error("empty resource set");
        }
        flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
        sequential = true;
        requireAll = true;
        opened = null;
      } else if (word.contains("=")) {
        if (word.startsWith("sequential=")) {
          sequential = bool(word, w);
        } else if (word.startsWith("require-all=")) {
          requireAll = bool(word, w);
        } else {
          throw w.error("unknown resource set attribute (expected sequential= or require-all=)");
        }
      } else {
        int colon = word.indexOf(':');
        String sfx = colon < 0 ? null : word.substring(colon + 1);
        if (!java.util.Objects.equals(sfx, suffix[0])) {
          flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
        }
        member(c, w, word, refs, suffix);
      }
    }
    if (opened != null) {
      throw new CrmshException(
          "resource set opened with '" + opened + "' is not closed with '" + closing(opened) + "'");
    }
    flushSet(sets, refs, sequential, requireAll, suffix, id, colocation, w);
    if (sets.isEmpty()) {
      throw new CrmshException("expected resources after the score in " + id);
    }
    return sets;
  }

  /** crmsh's fix_parentheses: a bracket written against a word is a word of its own. */
  private static List<String> splitBrackets(String t) {
    if (t.length() > 1 && (t.startsWith("(") || t.startsWith("["))) {
      return List.of(t.substring(0, 1), t.substring(1));
    }
    if (t.length() > 1 && (t.endsWith(")") || t.endsWith("]"))) {
      return List.of(t.substring(0, t.length() - 1), t.substring(t.length() - 1));
    }
    return List.of(t);
  }

  /** Whether {@code id} is a stonith primitive, directly or through its resource template. */
  static boolean isStonith(Configuration c, String id) {
    Optional<Resource> r = c.resource(id);
    if (r.isEmpty() || !(r.get() instanceof Primitive p)) {
      return false;
    }
    if (p.template() != null) {
      Primitive t = CrmshPrimitives.templateNamed(c, p.template());
      return t != null && "stonith".equals(t.resourceClass());
    }
    return "stonith".equals(p.resourceClass());
  }

  private static String closing(String open) {
    return open.equals("(") ? ")" : "]";
  }

  /** Ends the set being read (if it has members), writing only false attributes. */
  private static void flushSet(
      List<ResourceSet> sets,
      List<String> refs,
      boolean sequential,
      boolean requireAll,
      String[] suffix,
      String id,
      boolean colocation,
      CrmshWords w)
      throws CrmshException {
    if (refs.isEmpty()) {
      suffix[0] = null;
      return;
    }
    sets.add(
        set(
            id,
            sets.size(),
            sequential ? null : Boolean.FALSE,
            requireAll ? null : Boolean.FALSE,
            suffix[0],
            List.copyOf(refs),
            colocation,
            w));
    refs.clear();
    suffix[0] = null;
  }

  private static void member(
      Configuration c, CrmshWords w, String word, List<String> into, String[] suffix)
      throws CrmshException {
    int colon = word.indexOf(':');
    String rsc = colon < 0 ? word : word.substring(0, colon);
    String sfx = colon < 0 ? null : word.substring(colon + 1);
    CrmshConfigure.requireResource(c, rsc, w);
    if (into.contains(rsc)) {
      throw w.error("'" + rsc + "' is twice in one resource set");
    }
    suffix[0] = sfx;
    into.add(rsc);
  }

  private static ResourceSet set(
      String id,
      int n,
      Boolean sequential,
      Boolean requireAll,
      String suffix,
      List<String> refs,
      boolean colocation,
      CrmshWords w)
      throws CrmshException {
    Role role = null;
    String action = null;
    if (suffix != null) {
      if (colocation) {
        role = CrmshWords.role(suffix, w);
      } else if (Set.of("start", "stop", "promote", "demote").contains(suffix)) {
        action = suffix;
      } else {
        throw w.error("bad action '" + suffix + "' (expected start, stop, promote, demote)");
      }
    }
    return new ResourceSet(
        id + "-" + n, null, sequential, requireAll, null, action, role, null, refs, Map.of());
  }

  static Boolean bool(String assignment, CrmshWords w) throws CrmshException {
    String v = assignment.substring(assignment.indexOf('=') + 1);
    if (!v.equals("true") && !v.equals("false")) {
      throw w.error("expected true or false in '" + assignment + "'");
    }
    return Boolean.valueOf(v);
  }
}
