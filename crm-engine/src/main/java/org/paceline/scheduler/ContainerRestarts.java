package org.paceline.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.paceline.cib.Configuration;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.GuestNodes;

/**
 * Restarts that a container implies: a container whose filler failed with on-fail restart-container
 * restarts, and what runs on a guest node restarts when the guest's container starts (moves,
 * recovers or restarts).
 */
final class ContainerRestarts {
  private ContainerRestarts() {}

  static void apply(List<TopLevelResource> tops, ClusterStatus status) {
    if (status.containerRestarts().isEmpty()) {
      return;
    }
    for (TopLevelResource t : tops) {
      if (t.clone || !t.managed) {
        continue;
      }
      for (PrimitiveInstance l : t.primitives()) {
        String cur = l.currentNode();
        boolean stays = !l.blocked && cur != null && cur.equals(l.instance.assigned);
        if (stays
            && status.containerRestarts().getOrDefault(l.primitive.id(), Set.of()).contains(cur)) {
          l.restart = true;
        }
      }
    }
  }

  /**
   * Marks each resource that stays on a guest node for a restart when the guest's container starts:
   * apply_container_ordering orders the container's start before every start and promote on the
   * guest with pe_order_implies_then. {@code starts} tells whether a container's start is required
   * (a migration's start is a pseudo action, which restarts nothing). Returns whether it marked
   * any.
   */
  static boolean onGuests(
      Configuration c,
      List<TopLevelResource> tops,
      Predicate<PrimitiveInstance> starts,
      Predicate<PrimitiveInstance> staysActive) {
    Map<String, String> containerOf = GuestNodes.containers(c);
    if (containerOf.isEmpty()) {
      return false;
    }
    Map<String, PrimitiveInstance> primitives = new HashMap<>();
    for (TopLevelResource t : tops) {
      if (!t.clone) {
        t.primitives().forEach(l -> primitives.put(l.primitive.id(), l));
      }
    }
    boolean changed = false;
    for (TopLevelResource t : tops) {
      if (!t.managed) {
        continue;
      }
      for (PrimitiveInstance l : t.primitives()) {
        String container = containerOf.get(l.currentNode());
        PrimitiveInstance first = container == null ? null : primitives.get(container);
        if (first != null && starts.test(first) && staysActive.test(l)) {
          l.restart = true;
          l.restartReason = "due to required " + container + " start";
          changed = true;
        }
      }
    }
    return changed;
  }
}
