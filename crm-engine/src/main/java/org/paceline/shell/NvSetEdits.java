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
}
