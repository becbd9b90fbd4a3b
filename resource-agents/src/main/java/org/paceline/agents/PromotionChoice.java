package org.paceline.agents;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the PostgreSQL standby to promote: the highest (timeline, LSN), and, when the cluster
 * uses synchronous replication, only among standbys that were synchronous, because only they are
 * guaranteed to hold every commit the primary acknowledged. A pure function.
 */
public final class PromotionChoice {
  private PromotionChoice() {}

  /** The standby to promote, or empty when none may be promoted without losing commits. */
  public static Optional<StandbyPosition> choose(
      List<StandbyPosition> standbys, boolean synchronousReplication) {
    return standbys.stream()
        .filter(s -> !synchronousReplication || s.wasSynchronous())
        .max(
            Comparator.comparingLong(StandbyPosition::timeline)
                .thenComparingLong(StandbyPosition::lsn)
                // Ties: the lowest node name, so every node computes the same answer.
                .thenComparing(StandbyPosition::node, Comparator.reverseOrder()));
  }

  /** Parses PostgreSQL's {@code X/Y} LSN text into a comparable number. */
  public static long parseLsn(String text) {
    String[] parts = text.strip().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not an LSN: " + text);
    }
    return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
  }
}
