package org.paceline.daemon;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The daemon's log: one line per event on stdout, "time [node] message key=value ...", message
 * first (STYLE.md #12). Never pass a secret here.
 */
public final class DaemonLog {
  private final String node;
  private final Consumer<String> lines;

  /** A log for {@code node}. */
  public DaemonLog(String node) {
    this.node = node;
    this.lines = null;
  }

  /**
   * A log for {@code node} that hands each line, without the time (which a simulation must not
   * read), to {@code lines} instead of stdout.
   */
  public DaemonLog(String node, Consumer<String> lines) {
    this.node = node;
    this.lines = java.util.Objects.requireNonNull(lines, "lines");
  }

  /** Logs {@code message} with alternating key, value pairs. */
  public void info(String message, Object... kv) {
    StringBuilder sb = new StringBuilder();
    if (lines == null) {
      sb.append(Instant.now()).append(' ');
    }
    sb.append('[').append(node).append("] ").append(message);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      String v = String.valueOf(kv[i + 1]);
      sb.append(' ').append(kv[i]).append('=');
      sb.append(v.contains(" ") ? '"' + v + '"' : v);
    }
    if (lines != null) {
      lines.accept(sb.toString());
      return;
    }
    synchronized (System.out) {
      System.out.println(sb);
      System.out.flush();
    }
  }
}
