package org.paceline.fencing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One level of the fencing topology: for the nodes it targets, the devices that must all succeed at
 * this index. Levels are tried lowest index first; a failed level passes to the next.
 *
 * @param target the node name, or null when {@code targetPattern} is used
 * @param targetPattern a regular expression over node names, or null
 * @param index 1..9
 * @param deviceIds the devices, all of which must succeed
 */
public record TopologyLevel(
    String target, String targetPattern, int index, List<String> deviceIds) {
  /** Pacemaker's highest level index. */
  public static final int MAX_INDEX = 9;

  public TopologyLevel {
    if (index < 1 || index > MAX_INDEX) {
      throw new IllegalArgumentException("fencing level index must be 1.." + MAX_INDEX);
    }
    if ((target == null) == (targetPattern == null)) {
      throw new IllegalArgumentException("a fencing level needs exactly one of target, pattern");
    }
    deviceIds = List.copyOf(deviceIds);
    if (deviceIds.isEmpty()) {
      throw new IllegalArgumentException("fencing level " + index + " has no devices");
    }
  }

  public static TopologyLevel of(String target, int index, String... devices) {
    return new TopologyLevel(target, null, index, List.of(devices));
  }

  /** Whether this level applies to {@code node}. */
  public boolean targets(String node) {
    return target != null ? target.equals(node) : Pattern.matches(targetPattern, node);
  }
}
