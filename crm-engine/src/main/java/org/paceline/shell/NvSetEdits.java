package org.paceline.shell;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;

/**
 * Sets or removes one name/value pair across a list of attribute sets, as crmsh and crm_resource
 * do: the first set (in document order) holding the name is changed, otherwise the pair is added to
 * the first set, or to a new set {@code newSetId} when there is none. Pure.
 */
final class NvSetEdits {
  private NvSetEdits() {}

  /**
   * {@code sets} with {@code name} set to {@code value} (null: every pair of that name removed).
   */
  static List<NvSet> set(List<NvSet> sets, String newSetId, String name, String value) {
    List<NvSet> result = new ArrayList<>();
    boolean done = false;
    for (NvSet s : sets) {
      List<NvPair> pairs = new ArrayList<>();
      for (NvPair p : s.nvpairs()) {
        if (name.equals(p.name())) {
          if (value != null && !done) {
            pairs.add(new NvPair(p.id(), name, value, null));
            done = true;
          }
        } else {
          pairs.add(p);
        }
      }
      result.add(new NvSet(s.id(), s.idRef(), s.score(), s.rule(), pairs, s.otherAttributes()));
    }
    if (!done && value != null) {
      if (result.isEmpty()) {
        result.add(NvSet.of(newSetId, List.of(NvPair.of(newSetId + "-" + name, name, value))));
      } else {
        NvSet first = result.get(0);
        List<NvPair> pairs = new ArrayList<>(first.nvpairs());
        String setId = first.id() == null ? newSetId : first.id();
        pairs.add(NvPair.of(setId + "-" + name, name, value));
        result.set(
            0,
            new NvSet(
                first.id(),
                first.idRef(),
                first.score(),
                first.rule(),
                pairs,
                first.otherAttributes()));
      }
    }
    // A set left empty by a removal is dropped: crm_resource leaves none behind either.
    result.removeIf(s -> s.nvpairs().isEmpty() && s.idRef() == null && s.rule() == null);
    return result;
  }

  /**
   * {@code incoming} sets merged into {@code sets}: a set whose id is already there gives its pairs
   * to that set (a plain one) or takes its place (one with a score, rule or reference: a unit); a
   * set with a new id (or none) is appended. How a load update and a node statement merge sets.
   */
  static List<NvSet> merge(List<NvSet> sets, List<NvSet> incoming) {
    List<NvSet> out = new ArrayList<>(sets);
    for (NvSet set : incoming) {
      int i = 0;
      while (i < out.size() && (set.id() == null || !set.id().equals(out.get(i).id()))) {
        i++;
      }
      if (i == out.size()) {
        out.add(set);
      } else if (set.rule() == null && set.score() == null && set.idRef() == null) {
        List<NvSet> one = List.of(out.get(i));
        for (NvPair p : set.nvpairs()) {
          one = set(one, set.id(), p.name(), p.value());
        }
        out.set(i, one.get(0));
      } else {
        out.set(i, set);
      }
    }
    return out;
  }
}
