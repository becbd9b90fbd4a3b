package org.paceline.membership;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jgroups.Address;
import org.jgroups.util.ExtendedUUID;

/**
 * What a node runs, as it advertises itself to the other members: its release (the RPM's version)
 * and the protocol generation of what nodes exchange and persist. Carried in the node's JGroups
 * address, so every member sees every other member's software in each view; a mixed-version cluster
 * during a rolling upgrade is therefore visible to the operator ({@code crm cluster nodes}).
 *
 * @param release the release, e.g. {@code 0.1.0}; {@link #DEVELOPMENT} when run from classes
 * @param protocol the protocol generation ({@link #PROTOCOL} for this build)
 */
public record NodeSoftware(String release, int protocol) {
  /**
   * The generation of everything two nodes of one cluster must both understand: the JGroups stack
   * and its encryption, Raft's log entries ({@code ConfigEntry}) and snapshot (CIB XML), the
   * controller's wire messages and the admin protocol between {@code crm} and the daemon. Bump it
   * in a release that changes any of these incompatibly: a node refuses to join members of another
   * generation (docs/upgrade.md says what to do then).
   */
  public static final int PROTOCOL = 1;

  /** The release of a build run from classes, without a jar manifest. */
  public static final String DEVELOPMENT = "development";

  private static final String RELEASE_KEY = "paceline.release";
  private static final String PROTOCOL_KEY = "paceline.protocol";

  public NodeSoftware {
    if (release == null || release.isBlank() || release.contains(" ")) {
      throw new IllegalArgumentException("release must be one word: '" + release + "'");
    }
  }

  /** This build: the release from the jar manifest (Implementation-Version), {@link #PROTOCOL}. */
  public static NodeSoftware current() {
    String v = NodeSoftware.class.getPackage().getImplementationVersion();
    return new NodeSoftware(v == null || v.isBlank() ? DEVELOPMENT : v.strip(), PROTOCOL);
  }

  /** A JGroups address for {@code nodeName} carrying this software. */
  ExtendedUUID address(String nodeName) {
    return ExtendedUUID.randomUUID(nodeName)
        .put(RELEASE_KEY, release.getBytes(StandardCharsets.UTF_8))
        .put(PROTOCOL_KEY, String.valueOf(protocol).getBytes(StandardCharsets.UTF_8));
  }

  /** The software a member advertises in its address; empty for a node that advertises none. */
  static Optional<NodeSoftware> of(Address a) {
    if (!(a instanceof ExtendedUUID u)) {
      return Optional.empty();
    }
    byte[] r = u.get(RELEASE_KEY);
    byte[] p = u.get(PROTOCOL_KEY);
    if (r == null || p == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new NodeSoftware(
              new String(r, StandardCharsets.UTF_8),
              Integer.parseInt(new String(p, StandardCharsets.UTF_8))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** As shown to operators: {@code 0.1.0/p1}. */
  @Override
  public String toString() {
    return release + "/p" + protocol;
  }
}
