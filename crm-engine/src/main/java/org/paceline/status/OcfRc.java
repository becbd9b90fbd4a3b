package org.paceline.status;

import static org.paceline.agents.OcfExitCode.NOT_RUNNING;

import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;

/**
 * Pacemaker's words for OCF exit codes and execution statuses, as crm_mon prints them (read from
 * the one table of each, {@link OcfExitCode} and {@link ExecStatus}), and its remap of a result.
 */
final class OcfRc {
  private OcfRc() {}

  /** The name of an OCF return code. */
  static String name(int rc) {
    return OcfExitCode.describe(rc);
  }

  /**
   * Whether a recorded operation failed, by Pacemaker's remap of a result: an execution status
   * other than done or error is final (pending and cancelled are no result, the rest failures); for
   * done or error the outcome is re-derived from the rc the action expected: success when it got
   * that rc, except that a probe finding the resource running, promoted or stopped counts as
   * success whatever was expected; a missing expected rc (an obsolete transition key) is a failure.
   * (Pacemaker also takes "not running" of an unmanaged resource as success; the status report does
   * not know that here, so such a result is listed.)
   */
  static boolean failed(int status, int rc, Integer expected, boolean probe) {
    if (status == ExecStatus.PENDING.code() || status == ExecStatus.CANCELLED.code()) {
      return false;
    }
    if (status != ExecStatus.DONE.code() && status != ExecStatus.ERROR.code()) {
      return true;
    }
    boolean ok = expected != null && expected == rc;
    OcfExitCode code = OcfExitCode.of(rc).orElse(null);
    if (code == null) {
      return !ok;
    }
    return switch (code) {
      case SUCCESS -> !(ok || probe && expected != null && expected == NOT_RUNNING.code());
      case NOT_RUNNING, RUNNING_PROMOTED -> !(ok || probe);
      case INVALID_ARGUMENT,
          UNIMPLEMENTED,
          INSUFFICIENT_PRIVILEGES,
          NOT_INSTALLED,
          NOT_CONFIGURED,
          FAILED_PROMOTED,
          DEGRADED_PROMOTED ->
          true;
      case GENERIC_ERROR, DEGRADED -> !ok;
    };
  }

  /** The name of an executor status (lrm_rsc_op's op-status). */
  static String execStatus(int status) {
    return ExecStatus.of(status).map(ExecStatus::description).orElse("unknown");
  }
}
