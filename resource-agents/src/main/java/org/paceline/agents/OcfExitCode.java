package org.paceline.agents;

import java.util.Optional;

/**
 * The exit codes of the OCF resource agent API, with Pacemaker's names. A code outside this set is
 * mapped to {@link #GENERIC_ERROR} by {@link #fromStatus(int)}, as Pacemaker does.
 */
public enum OcfExitCode {
  SUCCESS(0, "ok"),
  GENERIC_ERROR(1, "error"),
  INVALID_ARGUMENT(2, "invalid parameter"),
  UNIMPLEMENTED(3, "unimplemented feature"),
  INSUFFICIENT_PRIVILEGES(4, "insufficient privileges"),
  NOT_INSTALLED(5, "not installed"),
  NOT_CONFIGURED(6, "not configured"),
  NOT_RUNNING(7, "not running"),
  RUNNING_PROMOTED(8, "promoted"),
  FAILED_PROMOTED(9, "promoted (failed)"),
  DEGRADED(190, "degraded"),
  DEGRADED_PROMOTED(191, "promoted (degraded)");

  private final int code;
  private final String description;

  OcfExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The numeric exit status a script returns. */
  public int code() {
    return code;
  }

  /** Pacemaker's human-readable name, as crm_mon prints it. */
  public String description() {
    return description;
  }

  /** The code with this numeric value, if the OCF API defines one. */
  public static Optional<OcfExitCode> of(int status) {
    for (OcfExitCode c : values()) {
      if (c.code == status) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Maps any process exit status to an OCF code; undefined statuses count as generic errors. */
  public static OcfExitCode fromStatus(int status) {
    return of(status).orElse(GENERIC_ERROR);
  }

  /** True for codes that mean the resource is active (in any role, possibly degraded). */
  public boolean isRunning() {
    return this == SUCCESS
        || this == RUNNING_PROMOTED
        || this == DEGRADED
        || this == DEGRADED_PROMOTED;
  }

  @Override
  public String toString() {
    return name() + "(" + code + ")";
  }
}
