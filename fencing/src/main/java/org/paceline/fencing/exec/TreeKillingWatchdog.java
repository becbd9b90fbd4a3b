package org.paceline.fencing.exec;

import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

/**
 * A Commons Exec watchdog that, on timeout, kills the tool and every descendant it had: a fence
 * agent (Python) runs ipmitool as a child, and killing only the agent would leave that child
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

  private boolean fired;

  @Override
  public synchronized void timeoutOccured(Watchdog w) {
    fired = true;
    if (process != null) {
      // List the children before killing the tool (they are reparented once it dies), and kill
      // the tool first so it cannot report its dying child's end as a result.
      var children = process.descendants().toList();
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
    super.timeoutOccured(w);
  }

  /** Whether the limit passed, even if the tool ended on its own in the same instant. */
  synchronized boolean fired() {
    return fired;
  }
}
