package org.paceline.executor;

/**
 * Receives every operation result of the local executor, in completion order per resource. Called
 * on an executor worker thread: implementations must return quickly and must not block.
 */
public interface OperationListener {
  void onResult(OperationRecord record);
}
