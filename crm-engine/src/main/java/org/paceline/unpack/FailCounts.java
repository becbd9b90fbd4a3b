package org.paceline.unpack;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.IntervalSpec;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;

/**
 * Reads fail counts from a node's transient attributes ({@code fail-count-RSC#OP_INTERVAL} and
 * {@code fail-count-RSC}), leaving out those older than the resource's failure-timeout.
 */
final class FailCounts {
  private final Map<String, Primitive> primitives;
  private final MetaLookup meta;
  private final long now;

  FailCounts(Map<String, Primitive> primitives, MetaLookup meta, long nowEpochSeconds) {
    this.primitives = primitives;
    this.meta = meta;
    this.now = nowEpochSeconds;
  }

  /**
   * Adds the unexpired fail counts in {@code s}'s transient attributes to {@code fails}: per
   * history id without clone suffix, per node.
   */
  void read(NodeState s, Map<String, Map<String, Integer>> fails) {
    Map<String, Long> lastFailure = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (NvSet set : s.transientAttributes()) {
      for (NvPair p : set.nvpairs()) {
        if (p.value() == null) {
          continue;
        }
        if (p.name().startsWith("fail-count-")) {
          String rsc = stripOp(p.name().substring("fail-count-".length()));
          int v = parseCount(p.value());
          counts.merge(HistoryIds.baseId(rsc), v, FailCounts::saturatingAdd);
        } else if (p.name().startsWith("last-failure-")) {
          String rsc = HistoryIds.baseId(stripOp(p.name().substring("last-failure-".length())));
          try {
            lastFailure.merge(rsc, Long.parseLong(p.value()), Math::max);
          } catch (NumberFormatException ex) {
            // A malformed timestamp cannot expire anything; keep the count.
          }
        }
      }
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      Primitive p = primitives.get(e.getKey());
      long timeout = failureTimeoutSeconds(p);
      Long last = lastFailure.get(e.getKey());
      if (timeout > 0 && last != null && now >= last + timeout) {
        continue; // expired: Pacemaker ignores fail counts older than failure-timeout
      }
      if (e.getValue() > 0) {
        fails.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(s.uname(), e.getValue());
      }
    }
  }

  /**
   * Whether a failed operation's result has expired (Pacemaker's check_operation_expiry): the
   * resource has a failure-timeout, the result is older than it, and no fail count on the node is
   * still unexpired (an old result next to a live fail count is kept, as a failsafe). Such a
   * failure is ignored: the resource is treated as if the operation had not failed.
   *
   * @param s the node's state, holding its fail counts
   * @param p the resource (null: nothing expires)
   * @param lastRcChange when the operation's result last changed, epoch seconds, or null
   */
  boolean failureExpired(NodeState s, Primitive p, Long lastRcChange) {
    long timeout = failureTimeoutSeconds(p);
    if (timeout <= 0 || lastRcChange == null || now < lastRcChange + timeout) {
      return false;
    }
    Map<String, Map<String, Integer>> unexpired = new HashMap<>();
    read(s, unexpired);
    return unexpired.getOrDefault(p.id(), Map.of()).getOrDefault(s.uname(), 0) == 0;
  }

  private long failureTimeoutSeconds(Primitive p) {
    if (p == null) {
      return 0;
    }
    // A remote connection's reconnect_interval replaces its failure-timeout (2.1.5's
    // pe__unpack_resource): its failure then keeps it stopped for that long.
    Optional<String> v =
        StatusUnpacker.reconnectInterval(p).or(() -> meta.meta(p, "failure-timeout"));
    if (v.isEmpty()) {
      return 0;
    }
    try {
      return IntervalSpec.toMs(v.get()) / 1000;
    } catch (RuntimeException ex) {
      return 0;
    }
  }

  private static String stripOp(String s) {
    int hash = s.indexOf('#');
    return hash >= 0 ? s.substring(0, hash) : s;
  }

  private static int parseCount(String v) {
    String t = v.trim();
    if (t.equalsIgnoreCase("INFINITY") || t.equalsIgnoreCase("+INFINITY")) {
      return 1_000_000;
    }
    try {
      return (int) Math.min(1_000_000, Math.max(0, Long.parseLong(t)));
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  private static int saturatingAdd(int a, int b) {
    return (int) Math.min(1_000_000L, (long) a + b);
  }
}
