package org.paceline.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.paceline.http.HttpOptions;
import org.paceline.http.StatusHttpServer;
import org.paceline.membership.HttpSettings;
import org.paceline.membership.NodeConfig;
import org.paceline.status.StatusUnavailableException;

/**
 * Starts the status HTTP API of a daemon from the bootstrap file's {@code http:} section, serving
 * {@link LiveStatus}: a request while this node has no status answers 503 (probes: the inactive
 * code), never a stale answer.
 */
final class HttpStatus {
  private HttpStatus() {}

  static StatusHttpServer start(
      NodeConfig config,
      LiveStatus live,
      DaemonLog log,
      org.paceline.membership.TransportSecurity security)
      throws IOException {
    HttpSettings s = config.http();
    HttpOptions o =
        HttpOptions.plain(s.bindAddress(), s.port()).withCodes(s.activeCode(), s.inactiveCode());
    if (s.user() != null) {
      o = o.withAuth(s.user(), s.passwordHash());
    }
    if (s.keystore() != null) {
      char[] password;
      try {
        password =
            Files.readString(s.keystorePasswordFile(), StandardCharsets.UTF_8)
                .strip()
                .toCharArray();
      } catch (IOException e) {
        throw new IOException(
            "cannot read http.keystore_password_file " + s.keystorePasswordFile(), e);
      }
      o = o.withKeystore(s.keystore(), password);
    }
    javax.net.ssl.SSLContext tls = null;
    if (s.clusterTls()) {
      if (!(security instanceof org.paceline.membership.ClusterTls cluster)) {
        throw new IOException("http.tls: cluster needs security: tls");
      }
      tls = cluster.sslContext();
    }
    StatusHttpServer server =
        StatusHttpServer.start(
            () -> {
              try {
                return live.snapshot();
              } catch (StatusUnavailableException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            },
            o,
            tls);
    log.info(
        "http status serving",
        "address",
        s.bindAddress() + ":" + server.port(),
        "https",
        server.https(),
        "active_resource",
        s.activeResource());
    return server;
  }
}
