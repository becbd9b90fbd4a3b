package org.paceline.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills a timed-out process and everything it started. Processes run as session leaders (via {@code
 * setsid}), so the whole process group is signalled, which also reaches children that were
 * re-parented to init; descendants still visible through {@link ProcessHandle} are killed as well,
 * for systems without {@code setsid}.
 */
final class ProcessTreeKiller {
  static final Path SETSID = Path.of("/usr/bin/setsid");
  static final Path KILL = Path.of("/bin/kill");

  /** How long to wait for the kill command itself. */
  private static final long KILL_COMMAND_TIMEOUT_MS = 2_000;

  private ProcessTreeKiller() {}

  static boolean canUseSessions() {
    return Files.isExecutable(SETSID) && Files.isExecutable(KILL);
  }

  /** SIGKILLs the process group led by {@code leader} and all its known descendants. */
  static void killTree(ProcessHandle leader, boolean isGroupLeader) {
    // Snapshot first: once the leader dies its children are re-parented and invisible here.
    List<ProcessHandle> descendants = leader.descendants().toList();
    if (isGroupLeader) {
      try {
        Process kill =
            new ProcessBuilder(KILL.toString(), "-KILL", "--", "-" + leader.pid())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!kill.waitFor(KILL_COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
          kill.destroyForcibly();
        }
      } catch (IOException e) {
        // Fall through to per-process kills below; they reach what is still visible.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    leader.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
