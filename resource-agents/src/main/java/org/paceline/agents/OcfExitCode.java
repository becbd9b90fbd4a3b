package org.paceline.agents;

import java.util.Optional;

/**
 * The exit codes of the OCF resource agent API, with Pacemaker's names and the words crm_mon prints
 * for them: the one table of OCF return codes. A code outside this set is mapped to {@link
 * #GENERIC_ERROR} by {@link #fromStatus(int)}, as Pacemaker does.
 */
public enum OcfExitCode {
  SUCCESS(0, "PCMK_OCF_OK", "ok"),
  GENERIC_ERROR(1, "PCMK_OCF_UNKNOWN_ERROR", "error"),
  INVALID_ARGUMENT(2, "PCMK_OCF_INVALID_PARAM", "invalid parameter"),
  UNIMPLEMENTED(3, "PCMK_OCF_UNIMPLEMENT_FEATURE", "unimplemented feature"),
  INSUFFICIENT_PRIVILEGES(4, "PCMK_OCF_INSUFFICIENT_PRIV", "insufficient privileges"),
  NOT_INSTALLED(5, "PCMK_OCF_NOT_INSTALLED", "not installed"),
  NOT_CONFIGURED(6, "PCMK_OCF_NOT_CONFIGURED", "not configured"),
  NOT_RUNNING(7, "PCMK_OCF_NOT_RUNNING", "not running"),
  RUNNING_PROMOTED(8, "PCMK_OCF_RUNNING_PROMOTED", "promoted"),
  FAILED_PROMOTED(9, "PCMK_OCF_FAILED_PROMOTED", "promoted (failed)"),
  // crm_mon really prints the constant's name for this one (Pacemaker's
  // services_ocf_exitcode_str), unlike its promoted twin.
  DEGRADED(190, "PCMK_OCF_DEGRADED", "OCF_DEGRADED"),
  DEGRADED_PROMOTED(191, "PCMK_OCF_DEGRADED_PROMOTED", "promoted (degraded)");

  private final int code;
  private final String pacemakerName;
  private final String description;

  OcfExitCode(int code, String pacemakerName, String description) {
    this.code = code;
    this.pacemakerName = pacemakerName;
    this.description = description;
  }

  /** The numeric exit status a script returns. */
  public int code() {
    return code;
  }

  /** Pacemaker's name of the code (e.g. {@code PCMK_OCF_NOT_RUNNING}). */
  public String pacemakerName() {
    return pacemakerName;
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

  /** The words crm_mon prints for a recorded rc: the code's description, "unknown" for others. */
  public static String describe(int rc) {
    return of(rc).map(OcfExitCode::description).orElse("unknown");
  }

  /**
   * The rc an OCF 1.1 "degraded" result counts as (ok, or promoted): degraded succeeds as the
   * healthy code does (Pacemaker). Any other code is itself.
   */
  public static int healthy(int rc) {
    if (rc == DEGRADED.code) {
      return SUCCESS.code;
    }
    return rc == DEGRADED_PROMOTED.code ? RUNNING_PROMOTED.code : rc;
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
