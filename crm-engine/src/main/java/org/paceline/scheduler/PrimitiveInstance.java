package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Primitive;
import org.paceline.cib.Role;
import org.paceline.unpack.ActiveInstance;

/**
 * Working state of one primitive instance during scheduling (mutable, confined to one schedule
 * call): what runs now and what should run after the transition.
 */
final class PrimitiveInstance {
  final String name;
  final Primitive primitive;
  final ResourceInstance instance;
  final List<ActiveInstance> active = new ArrayList<>();
  boolean restart;

  /** Whether its agent reloads changed parameters in place (Pacemaker's reload-agent). */
  boolean reload;

  /**
   * The "due to ..." of its summary line; null for the default, {@link Runnability#NO_REASON} for
   * none.
   */
  String restartReason;

  boolean blocked;

  /** Whether a changed definition restarts it ({@link DefinitionChanges}). */
  boolean definitionChanged;

  /**
   * Whether a failure left this group member alone (on-fail=block) while its group stays managed:
   * nothing is scheduled for it, and what must stop after it cannot ({@link BlockedStops}).
   */
  boolean unmanaged;

  /** A group member's own node scores (before the group's merge), for the score listing. */
  int[] own;

  /** Whether a blocked start is listed in the summary ("Start ... (blocked)"). */
  boolean listBlockedStart;

  PrimitiveInstance(String name, Primitive primitive, ResourceInstance instance) {
    this.name = name;
    this.primitive = primitive;
    this.instance = instance;
  }

  String currentNode() {
    return active.isEmpty() ? null : active.get(0).node();
  }

  Role currentRole() {
    return active.isEmpty() ? Role.STOPPED : active.get(0).role();
  }

  boolean failed() {
    for (ActiveInstance a : active) {
      if (a.failed()) {
        return true;
      }
    }
    return false;
  }
}
