package org.paceline.agents;

import java.util.Optional;

/** The actions of the OCF resource agent API, with the word a script receives as argv[1]. */
public enum OcfAction {
  START("start"),
  STOP("stop"),
  MONITOR("monitor"),
  PROMOTE("promote"),
  DEMOTE("demote"),
  NOTIFY("notify"),
  META_DATA("meta-data"),
  VALIDATE_ALL("validate-all"),
  MIGRATE_TO("migrate_to"),
  MIGRATE_FROM("migrate_from"),
  RELOAD("reload"),
  RELOAD_AGENT("reload-agent");

  private final String wireName;

  OcfAction(String wireName) {
    this.wireName = wireName;
  }

  /** The action name exactly as the OCF API spells it. */
  public String wireName() {
    return wireName;
  }

  /**
   * Whether running this action ends the resource's recurring monitors first: every action but a
   * monitor and a notification changes (or may change) the resource's state, so a monitor started
   * for the old state would report the new one as a failure (a promoted-role monitor expecting 8
   * that sees 0 after a demote). Pacemaker's controller does the same before it executes such an
   * action (should_cancel_recurring in controld_execd.c); the scheduler then plans the monitors for
   * the new state.
   */
  public boolean endsRecurringMonitors() {
    return this != MONITOR && this != NOTIFY && this != META_DATA && this != VALIDATE_ALL;
  }

  /** Parses an OCF action name ("meta-data", "migrate_to", ...). */
  public static Optional<OcfAction> parse(String name) {
    for (OcfAction a : values()) {
      if (a.wireName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
