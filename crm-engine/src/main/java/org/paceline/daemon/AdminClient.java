package org.paceline.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Sends one {@link AdminProtocol} request to a daemon's admin socket (used by crm and tests). */
public final class AdminClient {
  /**
   * How long {@link #call(Path, String)} waits for the whole answer: longer than any request the
   * daemon serves (an edit waits for its commit, a fence request for the devices' timeouts), short
   * enough that a daemon that stopped answering ends the tool with an error instead of a hang.
   */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

  private AdminClient() {}

  /**
   * The daemon's whole answer (first line "ok" or "error: ..."), within {@link #DEFAULT_DEADLINE}.
   */
  public static String call(Path socket, String request) throws IOException {
    return call(socket, request, DEFAULT_DEADLINE);
  }

  /**
   * The daemon's whole answer; an {@link IOException} when it has not answered in full within
   * {@code deadline}.
   */
  public static String call(Path socket, String request, Duration deadline) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      c.connect(UnixDomainSocketAddress.of(socket));
      c.configureBlocking(false);
      ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(64 * 1024);
      SelectionKey key = c.register(selector, SelectionKey.OP_WRITE);
      while (true) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new IOException(
              "no complete answer from " + socket + " within " + deadline.toSeconds() + " s");
        }
        selector.select(Math.max(1, left / 1_000_000));
        if (Thread.interrupted()) {
          throw new java.io.InterruptedIOException("interrupted waiting for " + socket);
        }
        if (out.hasRemaining()) {
          c.write(out);
          if (!out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
          continue;
        }
        int n = c.read(in);
        if (n < 0) {
          return answer.toString(StandardCharsets.UTF_8).stripTrailing();
        }
        answer.write(in.array(), 0, in.position());
        in.clear();
      }
    }
  }
}
