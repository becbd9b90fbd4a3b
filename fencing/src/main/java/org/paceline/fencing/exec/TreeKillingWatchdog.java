package org.paceline.fencing.exec;

import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

/**
 * A Commons Exec watchdog that, on timeout, kills the tool's descendants before the tool itself: a
 * fence agent (Python) runs ipmitool as a child, and killing only the agent would leave that child
 * talking to the BMC after the fencer has moved on to the next level.
 */
final class TreeKillingWatchdog extends ExecuteWatchdog {
  private Process process;

  // The builder cannot make a subclass; the long constructor is the only public one.
  @SuppressWarnings("deprecation")
  TreeKillingWatchdog(long timeoutMs) {
    super(timeoutMs);
  }

  @Override
  public synchronized void start(Process p) {
    this.process = p;
    super.start(p);
  }

  @Override
  public synchronized void timeoutOccured(Watchdog w) {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
    super.timeoutOccured(w);
  }
}
