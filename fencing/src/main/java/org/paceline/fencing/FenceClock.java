package org.paceline.fencing;

import java.time.Instant;

/** Time for the fencer: the current instant and waiting, real or simulated. */
public interface FenceClock {
  Instant now();

  /** Waits {@code ms}; a simulated clock just advances. */
  void sleep(long ms) throws InterruptedException;

  /** The wall clock. */
  static FenceClock system() {
    return new FenceClock() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleep(long ms) throws InterruptedException {
        if (ms > 0) {
          Thread.sleep(ms);
        }
      }
    };
  }
}
