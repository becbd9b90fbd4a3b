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
      case 190 -> "degraded";
      case 191 -> "degraded promoted";
      default -> "unknown";
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
