package org.paceline.executor;

/** The executor's source of time, so a simulation can drive it (milliseconds since any epoch). */
public interface Clock {
  long nowMs();
}
