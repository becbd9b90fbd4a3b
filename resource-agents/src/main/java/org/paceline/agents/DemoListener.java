package org.paceline.agents;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server behind the demo cluster's agents {@code ocf:paceline:demo-ip} and {@code demo-policy}:
 * it listens on ADDRESS:PORT and answers each connection with one reply, then closes it. The reply
 * is a fixed text ({@code --text}: the VIP-like listener answers with its node's name) or a file's
 * content read at each connection ({@code --file}: the policy-server-like listener hands out the
 * current policy). It needs nothing but the JDK, so the demo runs on a machine that has only Java;
 * the agents start it in its own session and stop it with a signal.
 *
 * <p>Usage: {@code DemoListener ADDRESS PORT (--text TEXT | --file PATH)}. Exit 2 on bad arguments,
 * 1 when the port cannot be bound; each with one line on standard error.
 */
public final class DemoListener {
  /** Connections waiting to be accepted. */
  static final int BACKLOG = 16;

  private DemoListener() {}

  /** What one connection receives. */
  interface Reply {
    byte[] bytes() throws IOException;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  static int run(String[] args, PrintStream err) {
    if (args.length != 4 || !(args[2].equals("--text") || args[2].equals("--file"))) {
      err.println("usage: DemoListener ADDRESS PORT (--text TEXT | --file PATH)");
      return 2;
    }
    int port;
    try {
      port = Integer.parseInt(args[1]);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      err.println("DemoListener: PORT must be 1-65535, not '" + args[1] + "'");
      return 2;
    }
    Reply reply;
    if (args[2].equals("--text")) {
      byte[] text = (args[3] + "\n").getBytes(StandardCharsets.UTF_8);
      reply = () -> text;
    } else {
      Path file = Path.of(args[3]);
      reply = () -> Files.readAllBytes(file);
    }
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getByName(args[0]), port), BACKLOG);
      serve(server, reply, err);
      return 0;
    } catch (IOException e) {
      err.println("DemoListener: cannot listen on " + args[0] + ":" + args[1] + ": " + e);
      return 1;
    }
  }

  /** Answers connections until the socket is closed. */
  static void serve(ServerSocket server, Reply reply, PrintStream err) {
    while (!server.isClosed()) {
      try (Socket c = server.accept()) {
        byte[] b;
        try {
          b = reply.bytes();
        } catch (IOException e) {
          err.println("DemoListener: no reply for this connection: " + e);
          continue;
        }
        OutputStream out = c.getOutputStream();
        out.write(b);
        out.flush();
      } catch (IOException e) {
        // The client went away, or the socket was closed: go on or leave through the loop test.
      }
    }
  }
}
