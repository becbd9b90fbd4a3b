package org.paceline.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * What an action of a transition does, with the name Pacemaker's transition graphs and agents use
 * for it ({@code start}, {@code migrate_to}, {@code stonith}, ...): the agent actions, fencing, the
 * executor's cancel and history delete, and the pseudo actions that mark a collective resource's
 * progress ({@code running}, {@code stopped}, ...).
 */
public enum ActionTask {
  START("start"),
  STOP("stop"),
  MONITOR("monitor"),
  PROMOTE("promote"),
  DEMOTE("demote"),
  MIGRATE_TO("migrate_to"),
  MIGRATE_FROM("migrate_from"),
  NOTIFY("notify"),
  RELOAD_AGENT("reload-agent"),
  /** Cancels a recurring operation on the executor. */
  CANCEL("cancel"),
  /** Removes a resource's history from a node (Pacemaker's lrm delete). */
  DELETE("delete"),
  STONITH("stonith"),
  /** Pseudo action: a collective resource's instances have started. */
  RUNNING("running"),
  /** Pseudo action: a collective resource's instances have stopped. */
  STOPPED("stopped"),
  /** Pseudo action: a collective resource's instances have been promoted. */
  PROMOTED("promoted"),
  /** Pseudo action: a collective resource's instances have been demoted. */
  DEMOTED("demoted"),
  /** Pseudo action: the instances of a clone have been notified. */
  NOTIFIED("notified");

  private static final Map<String, ActionTask> BY_NAME = new HashMap<>();

  static {
    for (ActionTask t : values()) {
      BY_NAME.put(t.pacemakerName, t);
    }
  }

  private final String pacemakerName;

  ActionTask(String pacemakerName) {
    this.pacemakerName = pacemakerName;
  }

  /** The name in transition graphs, operation keys and an agent's command line. */
  public String pacemakerName() {
    return pacemakerName;
  }

  /** The task Pacemaker names {@code name}, or null when it names none. */
  public static ActionTask byName(String name) {
    return BY_NAME.get(name);
  }

  /** The task Pacemaker names {@code name}; a name it does not know is a programming error. */
  public static ActionTask of(String name) {
    ActionTask t = BY_NAME.get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown action task: " + name);
    }
    return t;
  }

  /** Whether this is a migrate_to or migrate_from. */
  public boolean isMigration() {
    return this == MIGRATE_TO || this == MIGRATE_FROM;
  }

  @Override
  public String toString() {
    return pacemakerName;
  }
}
