package org.paceline.cib;

import java.util.Optional;

/**
 * Pacemaker's transition key, {@code action:transition:target-rc:uuid} (e.g. {@code 3:12:0:6b8e…}),
 * which an {@code lrm_rsc_op} carries to say which transition asked for the operation and which rc
 * it expected; and the transition magic {@code op-status:rc;key} built from it. The one place these
 * strings are spelled and split.
 *
 * @param actionId the action's number in its transition graph (Paceline's own: 0)
 * @param transitionId the transition's number (Paceline: never negative; -1 is written as 0)
 * @param targetRc the OCF rc the action expected
 * @param uuid the id of the DC's controller that made it (Paceline's own: {@value #PACELINE})
 */
public record TransitionKey(int actionId, long transitionId, int targetRc, String uuid) {
  /** The uuid field of the keys Paceline writes. */
  public static final String PACELINE = "paceline";

  /** The all-zero uuid of the keys a simulated transition writes, as crm_simulate does. */
  public static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";

  /**
   * The key Paceline writes for a result of its transition {@code transitionId}: an operation of no
   * transition (a recurring monitor's change, transition id -1) is written as transition 0.
   */
  public static TransitionKey paceline(long transitionId, int targetRc) {
    return new TransitionKey(0, Math.max(transitionId, 0), targetRc, PACELINE);
  }

  /**
   * Reads a key as Pacemaker's decode_transition_key does: three numbers, then the uuid (which may
   * hold anything); empty when it is not one.
   */
  public static Optional<TransitionKey> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    String[] f = key.split(":", 4);
    if (f.length < 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new TransitionKey(
              Integer.parseInt(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The key as the CIB spells it ({@code transition-key}). */
  public String format() {
    return actionId + ":" + transitionId + ":" + targetRc + ":" + uuid;
  }

  /** The transition magic of a result of this key: {@code op-status:rc;key}. */
  public String magic(int opStatus, int rc) {
    return opStatus + ":" + rc + ";" + format();
  }

  @Override
  public String toString() {
    return format();
  }
}
