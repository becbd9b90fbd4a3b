package org.paceline.scheduler;

import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.Unpack;

/**
 * Test seam: where the scheduler's status unpacking says each primitive is active, so the
 * simulation can compare a DC's belief with the simulated nodes' actual state.
 */
public final class StatusView {
  private StatusView() {}

  /** Per history id: the nodes and roles the status section says it is active on. */
  public static Map<String, List<ActiveInstance>> active(Cib cib, long nowEpochSeconds) {
    return Unpack.currentStatus(cib, nowEpochSeconds).active();
  }
}
