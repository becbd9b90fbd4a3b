package org.paceline.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.exec.ExecuteStreamHandler;

/**
 * Feeds a process its stdin and copies its stdout and stderr into bounded buffers. Once the process
 * has exited, it waits at most {@code drainMs} in all for the rest of the output, then lets the
 * copying threads go: a daemon the process started (a postmaster from {@code pg_ctl start} without
 * {@code -l}, a re-parented grandchild of a fence agent) may hold the pipes for as long as it
 * lives, and its output is not the process's. Pacemaker's executor stops reading when the agent
 * exits too.
 */
final class DrainingStreams implements ExecuteStreamHandler {
  private final OutputStream out;
  private final OutputStream err;
  private final byte[] stdin;
  private final long drainMs;
  private final List<Thread> pumps = new ArrayList<>();
  private Thread feeder;

  /**
   * @param stdin what the process reads on stdin, or null to close its stdin at once
   */
  DrainingStreams(OutputStream out, OutputStream err, String stdin, long drainMs) {
    this.out = out;
    this.err = err;
    this.stdin = stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8);
    this.drainMs = drainMs;
  }

  @Override
  public void setProcessInputStream(OutputStream os) throws IOException {
    if (stdin == null) {
      os.close();
      return;
    }
    // Written on its own thread: a process that does not read its stdin must not block the caller
    // once the pipe buffer is full.
    feeder = pump(new ByteArrayInputStream(stdin), os, "process-stdin", true);
  }

  @Override
  public void setProcessOutputStream(InputStream is) {
    pumps.add(pump(is, out, "process-stdout", false));
  }

  @Override
  public void setProcessErrorStream(InputStream is) {
    pumps.add(pump(is, err, "process-stderr", false));
  }

  private static Thread pump(InputStream from, OutputStream to, String name, boolean closeTo) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (from) {
                for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                  to.write(buf, 0, n);
                }
                if (closeTo) {
                  to.close();
                }
              } catch (IOException e) {
                // The pipe is gone (the process exited or stopped reading): the stream ends here.
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void start() {
    if (feeder != null) {
      feeder.start();
    }
    pumps.forEach(Thread::start);
  }

  @Override
  public void stop() {
    long deadline = System.nanoTime() + drainMs * 1_000_000L;
    for (Thread t : pumps) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000L));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
