package org.paceline.fencing;

/** The result of one fencing history entry. */
public enum HistoryResult {
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  /** An operator confirmed the node is down ({@code crm fencing confirm}); no device acted. */
  CONFIRMED_BY_OPERATOR
}
