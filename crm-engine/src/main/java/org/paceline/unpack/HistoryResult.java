package org.paceline.unpack;

import java.util.Set;
import org.paceline.cib.Role;

/**
 * What one resource history on one node says: role, failure, and what the failure asks for. One
 * instance is reused for every history (640,000 in a big CIB).
 */
final class HistoryResult {
  Role role;

  /** The migration source when the last successful action was a migrate_from, else null. */
  String migratedFrom;

  boolean failed;

  /** A promoted-role failure with on-fail=demote: demote, do not recover. */
  boolean demote;

  boolean stopFailed;
  boolean startFailed;
  boolean fenceNode;
  boolean blocked;
  boolean hardError;
  boolean fatalError;

  /** A failure with on-fail=stop: the resource stays stopped until its failure is cleared. */
  boolean stopResource;

  /** A failure that on-fail=ignore pretended succeeded (Pacemaker's pe_rsc_failure_ignored). */
  boolean failureIgnored;

  /**
   * A failure whose on-fail is restart-container (a filler's default): its container is stopped on
   * this node and started again, until a later success clears the failure.
   */
  boolean restartContainer;

  /**
   * The ids of recurring ops whose failure expired (failure-timeout): 2.1.5's unpack_rsc_op
   * reschedules such an op ("Rescheduling ... after failure expired") instead of recovering. Null
   * until the first one, as nearly every history has none.
   */
  Set<String> expiredRecurring;

  HistoryResult reset() {
    role = Role.STOPPED;
    migratedFrom = null;
    failed = false;
    demote = false;
    stopFailed = false;
    startFailed = false;
    fenceNode = false;
    blocked = false;
    hardError = false;
    fatalError = false;
    stopResource = false;
    failureIgnored = false;
    restartContainer = false;
    expiredRecurring = null;
    return this;
  }
}
