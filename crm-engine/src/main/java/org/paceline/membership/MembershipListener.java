package org.paceline.membership;

/** Receives membership changes; called on a JGroups thread, so implementations must not block. */
public interface MembershipListener {
  /** A new view was installed. */
  void viewChanged(MembershipView view);
}
