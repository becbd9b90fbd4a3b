package org.paceline.membership;

/**
 * Every failure-detection and merge limit of the JGroups stack, named once (STYLE.md #10). The
 * defaults are those of {@code shared/lab/jgroups-tcp-ha.xml}, measured on the lab machines.
 *
 * @param sockConnTimeoutMs TCP connect timeout to a peer
 * @param fdTimeoutMs FD_ALL3: a member silent this long is suspected (hang, power loss, partition)
 * @param fdIntervalMs FD_ALL3 heartbeat interval
 * @param verifySuspectTimeoutMs VERIFY_SUSPECT2: how long a suspicion is double-checked
 * @param mergeMinIntervalMs MERGE3 minimum interval between INFO messages
 * @param mergeMaxIntervalMs MERGE3 maximum interval between INFO messages
 * @param mergeCheckIntervalMs MERGE3 interval at which subgroups are checked for a merge
 * @param joinTimeoutMs GMS join timeout
 * @param viewAckTimeoutMs GMS wait for view acknowledgements
 * @param leaveTimeoutMs GMS graceful-leave timeout
 * @param mergeTimeoutMs GMS merge timeout
 * @param fdSockPortOffset FD_SOCK2 listens at the transport port plus this offset
 */
public record StackTimings(
    long sockConnTimeoutMs,
    long fdTimeoutMs,
    long fdIntervalMs,
    long verifySuspectTimeoutMs,
    long mergeMinIntervalMs,
    long mergeMaxIntervalMs,
    long mergeCheckIntervalMs,
    long joinTimeoutMs,
    long viewAckTimeoutMs,
    long leaveTimeoutMs,
    long mergeTimeoutMs,
    int fdSockPortOffset) {

  /** The lab-measured defaults (kill -9 -> new view ~0.35 s, hang -> ~2.4 s). */
  public static final StackTimings DEFAULTS =
      new StackTimings(500, 2_000, 500, 300, 1_000, 3_000, 4_000, 1_000, 500, 500, 3_000, 100);
}
