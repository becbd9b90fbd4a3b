package org.paceline.scheduler;

import java.util.List;

/**
 * The action of a guest node's pseudo fencing, after 2.1.5's pcmk__fence_guest: "reboot" when its
 * container gets a start action (it is placed, so it is recovered), "off" when it stays stopped.
 */
final class GuestFenceAction {
  private GuestFenceAction() {}

  /** The summary's "Fence (ACTION)" word for the guest whose container is {@code container}. */
  static String summaryWord(List<TopLevelResource> tops, String container) {
    for (TopLevelResource t : tops) {
      for (PrimitiveInstance l : t.primitives()) {
        if (l.primitive.id().equals(container) && !t.clone) {
          // A placed container has a start action even when it cannot run (then it is unrunnable).
          return l.instance.assigned != null ? "Fence (reboot)" : "Fence (off)";
        }
      }
    }
    return "Fence (reboot)";
  }
}
