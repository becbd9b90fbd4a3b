package org.paceline.status;

/** Pacemaker's words for OCF exit codes and execution statuses, as crm_mon prints them. */
final class OcfRc {
  private OcfRc() {}

  /** The name of an OCF return code. */
  static String name(int rc) {
    return switch (rc) {
      case 0 -> "ok";
      case 1 -> "error";
      case 2 -> "invalid parameter";
      case 3 -> "unimplemented feature";
      case 4 -> "insufficient privileges";
      case 5 -> "not installed";
      case 6 -> "not configured";
      case 7 -> "not running";
      case 8 -> "promoted";
      case 9 -> "promoted (failed)";
      case 190 -> "OCF_DEGRADED";
      case 191 -> "promoted (degraded)";
      default -> "unknown";
    };
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
    if (status == -1 || status == 1) {
      return false; // pending, cancelled
    }
    if (status != 0 && status != 4) {
      return true;
    }
    boolean ok = expected != null && expected == rc;
    return switch (rc) {
      case 0 -> !(ok || probe && expected != null && expected == 7);
      case 7, 8 -> !(ok || probe);
      case 2, 3, 4, 5, 6, 9, 191 -> true;
      default -> !ok;
    };
  }

  /** The name of an executor status (lrm_rsc_op's op-status). */
  static String execStatus(int status) {
    return switch (status) {
      case -1 -> "pending";
      case 0 -> "complete";
      case 1 -> "Cancelled";
      case 2 -> "Timed Out";
      case 3 -> "NOT SUPPORTED";
      case 4 -> "Error";
      case 5 -> "Hard error";
      case 6 -> "Fatal error";
      case 7 -> "Not installed";
      case 8 -> "Internal communication failure";
      case 9 -> "Cannot execute now";
      default -> "unknown";
    };
  }
}
