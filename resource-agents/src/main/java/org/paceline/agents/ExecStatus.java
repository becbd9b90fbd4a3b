package org.paceline.agents;

import java.util.Optional;

/**
 * How the executor got on with an operation, apart from the agent's rc: Pacemaker's execution
 * status ({@code enum pcmk_exec_status}, the {@code op-status} of an {@code lrm_rsc_op}), with
 * Pacemaker's names and the words crm_mon prints. The one table of these codes.
 */
public enum ExecStatus {
  PENDING(-1, "PCMK_EXEC_PENDING", "pending"),
  DONE(0, "PCMK_EXEC_DONE", "complete"),
  CANCELLED(1, "PCMK_EXEC_CANCELLED", "Cancelled"),
  TIMEOUT(2, "PCMK_EXEC_TIMEOUT", "Timed Out"),
  NOT_SUPPORTED(3, "PCMK_EXEC_NOT_SUPPORTED", "NOT SUPPORTED"),
  ERROR(4, "PCMK_EXEC_ERROR", "Error"),
  ERROR_HARD(5, "PCMK_EXEC_ERROR_HARD", "Hard error"),
  ERROR_FATAL(6, "PCMK_EXEC_ERROR_FATAL", "Fatal error"),
  NOT_INSTALLED(7, "PCMK_EXEC_NOT_INSTALLED", "Not installed"),
  NOT_CONNECTED(8, "PCMK_EXEC_NOT_CONNECTED", "Internal communication failure"),
  INVALID(9, "PCMK_EXEC_INVALID", "Cannot execute now"),
  NO_FENCE_DEVICE(10, "PCMK_EXEC_NO_FENCE_DEVICE", "No fence device"),
  NO_SECRETS(11, "PCMK_EXEC_NO_SECRETS", "CIB secrets unavailable");

  private final int code;
  private final String pacemakerName;
  private final String description;

  ExecStatus(int code, String pacemakerName, String description) {
    this.code = code;
    this.pacemakerName = pacemakerName;
    this.description = description;
  }

  /** The number written as {@code op-status}. */
  public int code() {
    return code;
  }

  /** Pacemaker's name of the code (e.g. {@code PCMK_EXEC_TIMEOUT}). */
  public String pacemakerName() {
    return pacemakerName;
  }

  /** The words crm_mon prints for it (Pacemaker's pcmk_exec_status_str). */
  public String description() {
    return description;
  }

  /** The status with this number, if Pacemaker defines one. */
  public static Optional<ExecStatus> of(int code) {
    for (ExecStatus s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name() + "(" + code + ")";
  }
}
