package org.paceline.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A daemon's admin socket that answers each request line with what {@code answers} gives, for
 * testing the commands that talk to a daemon without starting one.
 */
public final class FakeAdminSocket implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Thread answering;

  public FakeAdminSocket(Path socket, Function<String, String> answers) throws IOException {
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    answering =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                  ByteBuffer in = ByteBuffer.allocate(64 * 1024);
                  while (c.read(in) > 0 && in.get(in.position() - 1) != '\n') {
                    // until the request's newline
                  }
                  String request =
                      new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).strip();
                  c.write(ByteBuffer.wrap(answers.apply(request).getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                  return;
                }
              }
            },
            "fake-admin");
    answering.setDaemon(true);
    answering.start();
  }

  @Override
  public void close() throws Exception {
    server.close();
    answering.join(5_000);
  }
}
