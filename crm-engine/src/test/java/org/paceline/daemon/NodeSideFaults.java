package org.paceline.daemon;

/**
 * Breaks a {@link RunnerNodeSide} on purpose, for tests that show the simulation's invariants catch
 * a broken node side (the seam is package-private; the daemon never uses it).
 */
public final class NodeSideFaults {
  private NodeSideFaults() {}

  /** From now on the side answers every operation the DC asked for twice. */
  public static void reportResultsTwice(RunnerNodeSide side) {
    side.resultFault = RunnerNodeSide.ResultFault.REPORT_TWICE;
  }

  /** The side does not send its next answer to an operation the DC asked for. */
  public static void dropOneResult(RunnerNodeSide side) {
    side.resultFault = RunnerNodeSide.ResultFault.DROP_ONE;
  }
}
