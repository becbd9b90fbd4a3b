package org.paceline.fencing;

import java.util.concurrent.ThreadLocalRandom;

/** The source of {@code pcmk_delay_max}'s random delay, replaceable by a fixed one in tests. */
public interface DelayRandom {
  /** A delay uniformly drawn from [0, maxMs]. */
  long nextDelayMs(long maxMs);

  /** Real randomness. */
  static DelayRandom threadLocal() {
    return maxMs -> maxMs <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxMs + 1);
  }
}
