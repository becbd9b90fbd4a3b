package org.paceline.fencing;

/** The power state of a node as its fence device reports it. */
public enum PowerState {
  ON,
  OFF,
  /** The device answered but the state could not be read, or the action does not report one. */
  UNKNOWN
}
