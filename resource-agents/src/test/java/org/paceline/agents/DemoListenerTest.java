package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo agents' listener: its arguments, a fixed answer, a file read at each connection. */
@Timeout(30)
@Tag("unit")
class DemoListenerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "127.0.0.1",
        "127.0.0.1 80 --text",
        "127.0.0.1 0 --text x",
        "127.0.0.1 70000 --text x",
        "127.0.0.1 http --text x",
        "127.0.0.1 80 --answer x"
      })
  void badArgumentsExit2WithOneLine(String args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] a = args.isEmpty() ? new String[0] : args.split(" ");
    assertEquals(2, DemoListener.run(a, new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString());
  }

  @Test
  void aPortInUseExits1AndNamesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int port = taken.getLocalPort();
      int rc =
          DemoListener.run(
              new String[] {"127.0.0.1", "" + port, "--text", "n1"},
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(1, rc);
      assertTrue(
          err.toString(StandardCharsets.UTF_8).contains("127.0.0.1:" + port), err.toString());
    }
  }

  @Test
  void answersEachConnectionAndRereadsTheFile(@TempDir Path tmp) throws Exception {
    Path policy = tmp.resolve("policy.cf");
    Files.writeString(policy, "v1\n");
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread t =
          new Thread(
              () ->
                  DemoListener.serve(
                      server,
                      () -> Files.readAllBytes(policy),
                      new PrintStream(OutputStreamSink.INSTANCE)));
      t.setDaemon(true);
      t.start();
      int port = server.getLocalPort();
      assertEquals("v1\n", DemoAgentsTest.read(port));
      Files.writeString(policy, "v2\n");
      assertEquals("v2\n", DemoAgentsTest.read(port));
      Files.delete(policy);
      // An unreadable file: that connection gets nothing, the listener goes on.
      assertEquals("", DemoAgentsTest.read(port));
      Files.writeString(policy, "v3\n");
      assertEquals("v3\n", DemoAgentsTest.read(port));
    }
  }

  /** Discards what the listener reports. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}
  }
}
