package org.paceline.scheduler;

import java.util.List;

/**
 * The action of a guest node's pseudo fencing, after 2.1.5's pcmk__fence_guest: "reboot" when its
 * container gets a start action (it is placed, so it is recovered), "off" when it stays stopped.
 */
final class GuestFenceAction {
  private GuestFenceAction() {}

  /** The summary's "Fence (ACTION)" word for the guest whose container is {@code container}. */
  static String summaryWord(List<Top> tops, String container) {
    for (Top t : tops) {
      for (Leaf l : t.leaves()) {
        if (l.primitive.id().equals(container) && !t.clone) {
          // A placed container has a start action even when it cannot run (then it is unrunnable).
          return l.unit.assigned != null ? "Fence (reboot)" : "Fence (off)";
        }
      }
    }
    return "Fence (reboot)";
  }
}
