package org.paceline.fencing;

import java.util.Locale;

/** An action a fence device performs, with the word fence agents and Pacemaker use for it. */
public enum FenceAction {
  OFF,
  ON,
  REBOOT,
  STATUS,
  LIST,
  MONITOR;

  /** The lower-case word of fence agents' {@code action=} line. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an action word (case-insensitive); throws on an unknown word. */
  public static FenceAction parse(String word) {
    return valueOf(word.trim().toUpperCase(Locale.ROOT));
  }
}
