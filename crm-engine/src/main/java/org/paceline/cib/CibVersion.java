package org.paceline.cib;

/**
 * The CIB's version triple. Ordered as Pacemaker orders it: admin_epoch, then epoch, then
 * num_updates.
 *
 * @param adminEpoch bumped only by an administrator, to override any other copy
 * @param epoch bumped on every configuration change
 * @param numUpdates bumped on every status change, reset with each new epoch
 */
public record CibVersion(long adminEpoch, long epoch, long numUpdates)
    implements Comparable<CibVersion> {
  public static final CibVersion INITIAL = new CibVersion(0, 0, 0);

  @Override
  public int compareTo(CibVersion o) {
    int c = Long.compare(adminEpoch, o.adminEpoch);
    if (c == 0) {
      c = Long.compare(epoch, o.epoch);
    }
    return c != 0 ? c : Long.compare(numUpdates, o.numUpdates);
  }

  /** The version after a configuration change. */
  public CibVersion nextEpoch() {
    return new CibVersion(adminEpoch, epoch + 1, 0);
  }

  /** The version after a status change. */
  public CibVersion nextUpdate() {
    return new CibVersion(adminEpoch, epoch, numUpdates + 1);
  }

  @Override
  public String toString() {
    return adminEpoch + "." + epoch + "." + numUpdates;
  }
}
