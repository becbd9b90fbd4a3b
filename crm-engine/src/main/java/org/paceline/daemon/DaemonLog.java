package org.paceline.daemon;

import java.time.Instant;

/**
 * The daemon's log: one line per event on stdout, "time [node] message key=value ...", message
 * first (STYLE.md #12). Never pass a secret here.
 */
public final class DaemonLog {
  private final String node;

  /** A log for {@code node}. */
  public DaemonLog(String node) {
    this.node = node;
  }

  /** Logs {@code message} with alternating key, value pairs. */
  public void info(String message, Object... kv) {
    StringBuilder sb = new StringBuilder();
    sb.append(Instant.now()).append(" [").append(node).append("] ").append(message);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      String v = String.valueOf(kv[i + 1]);
      sb.append(' ').append(kv[i]).append('=');
      sb.append(v.contains(" ") ? '"' + v + '"' : v);
    }
    synchronized (System.out) {
      System.out.println(sb);
      System.out.flush();
    }
  }
}
