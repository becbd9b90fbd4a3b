package org.paceline.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output sink that keeps at most {@code limitBytes} of what a process writes and drops the rest,
 * so a process printing without end (an agent, a fence agent) cannot exhaust the daemon's memory.
 * It keeps reading (and discarding) so the process never blocks on a full pipe.
 */
final class BoundedOutput extends OutputStream {
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final int limitBytes;
  private long dropped;

  BoundedOutput(int limitBytes) {
    this.limitBytes = limitBytes;
  }

  @Override
  public synchronized void write(int b) {
    if (kept.size() < limitBytes) {
      kept.write(b);
    } else {
      dropped++;
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = Math.max(0, limitBytes - kept.size());
    int take = Math.min(room, len);
    kept.write(b, off, take);
    dropped += len - take;
  }

  synchronized boolean truncated() {
    return dropped > 0;
  }

  /** The kept bytes decoded as UTF-8; invalid sequences become U+FFFD rather than failing. */
  synchronized String text() {
    return new String(kept.toByteArray(), StandardCharsets.UTF_8);
  }
}
