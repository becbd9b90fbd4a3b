package org.paceline.fencing.ipmi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process group standing in for a cluster node: the BMC hook's power-off SIGKILLs the group and
 * power-on starts a new one, writing its pid (= pgid, it is a session leader) to {@code dir/pid}.
 */
public final class StandInNode implements AutoCloseable {
  private final Path dir;

  public StandInNode(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The current pid, if one was started. */
  public OptionalLong pid() {
    try {
      String s = Files.readString(dir.resolve("pid")).trim();
      return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Whether the process runs (exists and is not a zombie nobody reaped yet). */
  public static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return !state.equals("Z") && !state.equals("X");
    } catch (IOException e) {
      return false;
    }
  }

  public boolean running() {
    OptionalLong p = pid();
    return p.isPresent() && running(p.getAsLong());
  }

  /** Kills the group whatever the test did. */
  @Override
  public void close() throws Exception {
    OptionalLong p = pid();
    if (p.isPresent() && running(p.getAsLong())) {
      new ProcessBuilder("kill", "-KILL", "--", "-" + p.getAsLong())
          .redirectErrorStream(true)
          .start()
          .waitFor();
    }
  }
}
