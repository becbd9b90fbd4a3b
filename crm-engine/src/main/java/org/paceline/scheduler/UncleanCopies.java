package org.paceline.scheduler;

import java.util.List;
import org.paceline.cib.Cib;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * Copies of a resource that does not require fencing (requires=quorum or nothing, a fencing
 * device's default) active on a node about to be fenced. Pacemaker 2.1.5 counts only the clean
 * copies of such a resource (pe__find_active_requires): the fencing stops the other copy, so a
 * resource still running on a clean node is neither multiply active nor moved from the unclean one.
 */
final class UncleanCopies {
  private UncleanCopies() {}

  /** Leaves out, for such primitives, the copies on unclean nodes when a clean copy remains. */
  static void drop(
      Cib cib, List<TopLevelResource> tops, ClusterStatus status, ResourceExpander ex) {
    if (!status.stonithEnabled()) {
      return; // nothing is fenced: every copy stays where it is
    }
    String defaultRequires = Unfencing.enabled(cib) ? "unfencing" : "fencing";
    for (TopLevelResource t : tops) {
      if (t.clone) {
        continue;
      }
      for (PrimitiveInstance l : t.primitives()) {
        if (l.active.size() < 2) {
          continue;
        }
        String requires =
            ex.inheritedMeta(l.primitive, "requires")
                .orElse("stonith".equals(l.primitive.resourceClass()) ? "quorum" : defaultRequires);
        if (requires.equals("fencing") || requires.equals("unfencing")) {
          continue;
        }
        boolean cleanCopy = l.active.stream().anyMatch(a -> !unclean(status, a.node()));
        if (cleanCopy) {
          l.active.removeIf(a -> unclean(status, a.node()));
        }
      }
    }
  }

  private static boolean unclean(ClusterStatus status, String node) {
    NodeStatus n = status.node(node);
    return n != null && n.unclean();
  }
}
