package org.paceline.scheduler;

import java.util.List;
import java.util.Set;
import org.paceline.unpack.ClusterStatus;

/**
 * Restarts the containers whose fillers failed with on-fail restart-container: Pacemaker's
 * process_rsc_state schedules a stop of the container on the filler's node, so a container that
 * stays there restarts (one that moves or stops needs nothing more).
 */
final class ContainerRestarts {
  private ContainerRestarts() {}

  static void apply(List<Top> tops, ClusterStatus status) {
    if (status.containerRestarts().isEmpty()) {
      return;
    }
    for (Top t : tops) {
      if (t.clone || !t.managed) {
        continue;
      }
      for (Leaf l : t.leaves()) {
        String cur = l.currentNode();
        boolean stays = !l.blocked && cur != null && cur.equals(l.unit.assigned);
        if (stays
            && status.containerRestarts().getOrDefault(l.primitive.id(), Set.of()).contains(cur)) {
          l.restart = true;
        }
      }
    }
  }
}
