package org.paceline.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Serves {@link AdminProtocol} on the daemon's Unix domain socket, to the peers {@link AdminAccess}
 * allows (checked with the peer's credentials on every connection).
 */
public final class AdminServer implements AutoCloseable {
  /** Requests served at once; an edit may wait edit_timeout_ms for a majority. */
  public static final int ADMIN_THREADS = 4;

  /** Threads that run Pacemaker commands for agents ({@code tool} requests), beside the others. */
  public static final int TOOL_THREADS = 4;

  private final Path socket;
  private final ServerSocketChannel server;
  private final ExecutorService pool;
  private final ExecutorService tools;
  private final DaemonLog log;
  private final AdminAccess access;

  private AdminServer(Path socket, ServerSocketChannel server, DaemonLog log, AdminAccess access) {
    this.socket = socket;
    this.server = server;
    this.log = log;
    this.access = access;
    this.pool = daemonPool(ADMIN_THREADS, "admin");
    this.tools = daemonPool(TOOL_THREADS, "admin-tool");
  }

  private static ExecutorService daemonPool(int threads, String name) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Binds the socket (replacing a stale one) and serves requests with {@code handler}. */
  static AdminServer start(
      Path socket, Function<String, String> handler, DaemonLog log, AdminAccess access)
      throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    // Root-only until the group is set, so no one slips in between bind and chmod.
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    access.prepareSocket(socket);
    AdminServer s = new AdminServer(socket, server, log, access);
    Thread t = new Thread(() -> s.acceptLoop(handler), "admin-accept");
    t.setDaemon(true);
    t.start();
    return s;
  }

  private void acceptLoop(Function<String, String> handler) {
    while (server.isOpen()) {
      try {
        SocketChannel c = server.accept();
        pool.execute(() -> serve(c, handler));
      } catch (IOException e) {
        if (server.isOpen()) {
          log.info("admin accept failed", "error", e.getMessage());
        }
      }
    }
  }

  private void serve(SocketChannel c, Function<String, String> handler) {
    String request;
    String refusal;
    UnixDomainPrincipal peer;
    try {
      peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
      refusal = access.refusal(peer);
      request = readLine(c);
    } catch (IOException e) {
      log.info("admin connection failed", "error", e.getMessage());
      closeQuietly(c);
      return;
    }
    if (refusal == null && request.startsWith(AdminProtocol.TOOL_PREFIX)) {
      // A Pacemaker command run here makes admin requests of its own: it runs on a pool of its
      // own, so those never wait behind it.
      tools.execute(() -> respond(c, request, null, peer, handler));
    } else {
      respond(c, request, refusal, peer, handler);
    }
  }

  private void respond(
      SocketChannel c,
      String request,
      String refusal,
      UnixDomainPrincipal peer,
      Function<String, String> handler) {
    try (c) {
      String answer;
      try {
        if (refusal != null) {
          log.info(
              "admin request refused",
              "user",
              peer.user().getName(),
              "group",
              peer.group().getName(),
              "request",
              request.split(" ")[0]);
          answer = AdminProtocol.ERROR + refusal;
        } else {
          answer = handler.apply(request);
        }
      } catch (RuntimeException e) {
        log.info("admin request failed", "request", request.split(" ")[0], "error", e);
        answer = AdminProtocol.ERROR + e;
      }
      ByteBuffer out = ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        c.write(out);
      }
    } catch (IOException e) {
      log.info("admin connection failed", "error", e.getMessage());
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already gone
    }
  }

  private static String readLine(SocketChannel c) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1024);
    while (b.size() < AdminProtocol.MAX_REQUEST_BYTES) {
      one.clear();
      int n = c.read(one);
      if (n < 0) {
        break;
      }
      one.flip();
      while (one.hasRemaining()) {
        byte x = one.get();
        if (x == '\n') {
          return b.toString(StandardCharsets.UTF_8);
        }
        b.write(x);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
    tools.shutdownNow();
    Files.deleteIfExists(socket);
  }
}
