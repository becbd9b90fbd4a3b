package org.paceline.unpack;

import java.util.Map;

/**
 * A node as the scheduler sees it after unpacking the status section.
 *
 * @param name the node name
 * @param online whether it is a full, joined member
 * @param unclean whether it must be fenced before its resources can be recovered
 * @param fenceReason why it is unclean, as crm_simulate words it (null when clean)
 * @param standby whether it may not run resources
 * @param maintenance whether resources on it are left alone
 * @param shutdown whether it is shutting down (its resources must stop)
 * @param attributes node attributes for rules: configured ones overlaid by transient ones
 * @param pending whether it is in the membership but not ready to run resources yet (Pacemaker
 *     counts such a node online, standby and pending: an action there, such as a probe, cannot run)
 */
public record NodeStatus(
    String name,
    boolean online,
    boolean unclean,
    String fenceReason,
    boolean standby,
    boolean maintenance,
    boolean shutdown,
    Map<String, String> attributes,
    boolean pending) {

  /** A node that is not pending. */
  public NodeStatus(
      String name,
      boolean online,
      boolean unclean,
      String fenceReason,
      boolean standby,
      boolean maintenance,
      boolean shutdown,
      Map<String, String> attributes) {
    this(name, online, unclean, fenceReason, standby, maintenance, shutdown, attributes, false);
  }

  /**
   * The end of the fence reason of a remote node with a resource active there while its connection
   * is down but not failed: Pacemaker's "unseen" remote node, whose fencing is revoked when its
   * connection is placed.
   */
  public static final String REVOCABLE_FENCE =
      " is active there (fencing will be revoked if remote connection can be re-established"
          + " elsewhere)";

  /** Whether this node's fencing is revoked if its connection is placed (see REVOCABLE_FENCE). */
  public boolean fenceRevocable() {
    return unclean && remote() && fenceReason != null && fenceReason.endsWith(REVOCABLE_FENCE);
  }

  /** This node with another fencing verdict (to be fenced, and why; or clean), all else kept. */
  public NodeStatus withFencing(boolean toFence, String reason) {
    return new NodeStatus(
        name, online, toFence, reason, standby, maintenance, shutdown, attributes, pending);
  }

  /** This node up or down, all else kept. */
  public NodeStatus withOnline(boolean up) {
    return new NodeStatus(
        name, up, unclean, fenceReason, standby, maintenance, shutdown, attributes, pending);
  }

  /** Whether this is a Pacemaker Remote or guest node (its #kind is remote or container). */
  public boolean remote() {
    String kind = attributes.get("#kind");
    return "remote".equals(kind) || "container".equals(kind);
  }

  /** Whether resources may be placed here (before scores). */
  public boolean canRunResources() {
    return online && !unclean && !standby && !shutdown && !maintenance;
  }
}
