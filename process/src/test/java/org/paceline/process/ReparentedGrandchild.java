package org.paceline.process;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A shell body that double-forks a {@code sleep 600} (so it is re-parented away from the script,
 * out of reach of a walk over the script's descendants), records its pid and parent, then hangs;
 * and the check that a timeout killed that grandchild.
 */
final class ReparentedGrandchild {
  private ReparentedGrandchild() {}

  static String body(Path dir) {
    Path gc = dir.resolve("grandchild.pid");
    Path ppid = dir.resolve("grandchild.ppid");
    return "( sleep 600 & echo $! > '"
        + gc
        + "' )\n"
        + "echo $$ > '"
        + dir.resolve("script.pid")
        + "'\n"
        + "sleep 0.2\n"
        + "awk '{print $4}' /proc/$(cat '"
        + gc
        + "')/stat > '"
        + ppid
        + "'\n"
        + "while :; do sleep 1; done";
  }

  static void assertKilled(Path dir) throws Exception {
    long gc = Long.parseLong(Files.readString(dir.resolve("grandchild.pid")).strip());
    String script = Files.readString(dir.resolve("script.pid")).strip();
    // Re-parented indeed: its parent is no longer the script (init or a subreaper).
    assertNotEquals(script, Files.readString(dir.resolve("grandchild.ppid")).strip());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline
        && ProcessHandle.of(gc).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(20);
    }
    assertTrue(
        ProcessHandle.of(gc).map(h -> !h.isAlive()).orElse(true),
        "re-parented grandchild " + gc + " survived the timeout");
  }
}
