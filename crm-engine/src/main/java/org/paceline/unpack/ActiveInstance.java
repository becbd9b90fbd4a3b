package org.paceline.unpack;

import java.util.Set;
import org.paceline.cib.LrmResource;
import org.paceline.cib.Role;

/**
 * Where a primitive's history says it is active, and in which state.
 *
 * @param historyId the id in the lrm history (may carry a clone instance suffix)
 * @param node the node
 * @param role Started, Unpromoted or Promoted
 * @param failed whether its last relevant operation failed (it needs recovery)
 * @param stopFailed whether a stop failed (the node must be fenced, or the resource blocks)
 * @param blocked whether a failure with on-fail=block (or an unfenceable stop failure) froze it
 * @param demote whether a promoted-role failure with on-fail=demote requires a demote (and no
 *     recovery)
 * @param history the history entry this was read from (its operations, digests)
 * @param expiredFailures the ids of the recurring ops in that history whose failure expired
 *     (failure-timeout): they are run again, as 2.1.5 reschedules them
 */
public record ActiveInstance(
    String historyId,
    String node,
    Role role,
    boolean failed,
    boolean stopFailed,
    boolean blocked,
    boolean demote,
    LrmResource history,
    Set<String> expiredFailures) {
  public ActiveInstance {
    expiredFailures = expiredFailures == null ? Set.of() : Set.copyOf(expiredFailures);
  }

  /** An instance without expired recurring failures. */
  public ActiveInstance(
      String historyId,
      String node,
      Role role,
      boolean failed,
      boolean stopFailed,
      boolean blocked,
      boolean demote,
      LrmResource history) {
    this(historyId, node, role, failed, stopFailed, blocked, demote, history, Set.of());
  }
}
