package org.paceline.agents;

import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (tests never sleep as a condition). */
final class Deadline {
  private Deadline() {}

  static boolean await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
    long end = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
