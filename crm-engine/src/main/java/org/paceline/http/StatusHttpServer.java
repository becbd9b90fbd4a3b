package org.paceline.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.StatusRenderer;
import org.paceline.status.StatusReport;
import org.paceline.status.StatusReportBuilder;

/**
 * The status HTTP API on the JDK's built-in server (HTTPS when a keystore is configured). Each
 * request takes a fresh snapshot from the supplier. Endpoints (GET and HEAD):
 *
 * <ul>
 *   <li>{@code /health}: 200 when the partition is quorate, else 503;
 *   <li>{@code /status/active}: the ok code (200) on the node where the active resource runs
 *       (Promoted, for a promotable clone), else the fail code (503, configurable e.g. 400), for
 *       load balancers and keepalived-style checks;
 *   <li>{@code /status/standby}: the ok code where this node is a member, not active, and quorate;
 *   <li>Patroni's set, for the active resource or {@code ?resource=ID} (any resource; a promotable
 *       clone has replicas): {@code /primary} (also {@code /master}, {@code /leader}) where it is
 *       promoted (running, if not promotable), {@code /replica} where it runs unpromoted, {@code
 *       /read-only} and {@code /readiness} where it runs in either role, each only in a quorate
 *       partition (a node cut off must never claim to be the primary); {@code /liveness} whenever
 *       the daemon answers. The ok and fail codes are the configured ones. {@code /replica?lag=} is
 *       refused with 400: Paceline does not know the replication lag;
 *   <li>{@code /status}: the {@link StatusReport} as JSON;
 *   <li>{@code /metrics}: Prometheus text format ({@link MetricsWriter});
 *   <li>{@code /}: the HTML dashboard ({@link DashboardPage}).
 * </ul>
 *
 * <p>With basic authentication configured, {@code /}, {@code /status} and {@code /metrics} need it;
 * the three probe endpoints never do (they reveal one bit each and must stay cheap for probes).
 */
public final class StatusHttpServer implements AutoCloseable {
  /** How long stop() waits for requests in flight, in seconds. */
  public static final int STOP_GRACE_SECONDS = 1;

  private final Supplier<ClusterSnapshot> snapshots;
  private final HttpOptions options;
  private final HttpServer server;
  private final ExecutorService workers;

  private StatusHttpServer(
      Supplier<ClusterSnapshot> snapshots,
      HttpOptions options,
      HttpServer server,
      ExecutorService workers) {
    this.snapshots = snapshots;
    this.options = options;
    this.server = server;
    this.workers = workers;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException when the address cannot be bound or the keystore cannot be read
   */
  public static StatusHttpServer start(Supplier<ClusterSnapshot> snapshots, HttpOptions options)
      throws IOException {
    return start(snapshots, options, null);
  }

  /**
   * Binds and starts serving HTTPS with {@code tls} (e.g. the node's cluster certificate) when it
   * is not null, else as {@link #start(Supplier, HttpOptions)}.
   */
  public static StatusHttpServer start(
      Supplier<ClusterSnapshot> snapshots, HttpOptions options, SSLContext tls) throws IOException {
    InetSocketAddress address = new InetSocketAddress(options.bindAddress(), options.port());
    HttpServer server;
    if (tls != null || options.keystore() != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls != null ? tls : sslContext(options)));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    ExecutorService workers =
        Executors.newFixedThreadPool(
            options.threads(),
            r -> {
              Thread t = new Thread(r, "paceline-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(workers);
    StatusHttpServer s = new StatusHttpServer(snapshots, options, server, workers);
    server.createContext("/", s::handle);
    server.start();
    return s;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Whether this server speaks HTTPS. */
  public boolean https() {
    return server instanceof HttpsServer;
  }

  @Override
  public void close() {
    server.stop(STOP_GRACE_SECONDS);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static SSLContext sslContext(HttpOptions o) throws IOException {
    try (InputStream in = Files.newInputStream(o.keystore())) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, o.keystorePassword());
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, o.keystorePassword());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use keystore " + o.keystore() + ": " + e.getMessage(), e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n", false);
        return;
      }
      String path = ex.getRequestURI().getPath();
      boolean probe =
          path.equals("/health")
              || path.equals("/status/active")
              || path.equals("/status/standby")
              || PATRONI.contains(path);
      boolean known =
          probe || path.equals("/") || path.equals("/status") || path.equals("/metrics");
      if (!known) {
        send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n", head);
        return;
      }
      if (!probe && options.authUser() != null && !authorized(ex)) {
        ex.getResponseHeaders()
            .set("WWW-Authenticate", "Basic realm=\"paceline\", charset=\"UTF-8\"");
        send(ex, 401, "text/plain; charset=utf-8", "authentication required\n", head);
        return;
      }
      ClusterSnapshot snap;
      StatusReport report;
      try {
        snap = snapshots.get();
        report = StatusReportBuilder.build(snap);
      } catch (RuntimeException e) {
        // The cluster state is unknown: a probe must say "no", never guess.
        int code = path.startsWith("/status/") ? options.failCode() : 503;
        send(
            ex,
            code,
            "text/plain; charset=utf-8",
            "status unavailable: " + e.getMessage() + "\n",
            head);
        return;
      }
      switch (path) {
        case "/health" -> {
          boolean ok = snap.quorate();
          send(
              ex,
              ok ? 200 : 503,
              "text/plain; charset=utf-8",
              ok ? "ok: quorate\n" : "no quorum\n",
              head);
        }
        case "/status/active" -> {
          boolean active = report.summary().localRole().equals("active");
          send(
              ex,
              active ? options.okCode() : options.failCode(),
              "text/plain; charset=utf-8",
              active ? "active\n" : "not active: " + whyNotActive(snap, report) + "\n",
              head);
        }
        case "/status/standby" -> {
          String why = whyNotStandby(snap, report);
          send(
              ex,
              why == null ? options.okCode() : options.failCode(),
              "text/plain; charset=utf-8",
              why == null ? "standby\n" : "not standby: " + why + "\n",
              head);
        }
        case "/status" -> send(ex, 200, "application/json", StatusRenderer.json(report), head);
        case "/primary",
            "/master",
            "/leader",
            "/replica",
            "/read-only",
            "/readiness",
            "/liveness" ->
            patroni(ex, path, snap, report, head);
        case "/metrics" ->
            send(ex, 200, MetricsWriter.CONTENT_TYPE, MetricsWriter.write(snap, report), head);
        default -> send(ex, 200, "text/html; charset=utf-8", DashboardPage.render(report), head);
      }
    }
  }

  /** The Patroni endpoints (the probe of a role of one resource on this node). */
  private static final java.util.Set<String> PATRONI =
      java.util.Set.of(
          "/primary", "/master", "/leader", "/replica", "/read-only", "/readiness", "/liveness");

  /** Answers one of {@link #PATRONI}. */
  private void patroni(
      HttpExchange ex, String path, ClusterSnapshot snap, StatusReport report, boolean head)
      throws IOException {
    String type = "text/plain; charset=utf-8";
    if (path.equals("/liveness")) {
      send(ex, 200, type, "alive\n", head);
      return;
    }
    // A malformed escape never gets here: the JDK's server answers 400 itself (tested).
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    if (path.equals("/replica") && query.containsKey("lag")) {
      send(
          ex,
          400,
          type,
          "?lag= is not supported: Paceline does not know the replication lag\n",
          head);
      return;
    }
    String rsc = query.getOrDefault("resource", snap.activeResource());
    String why = null;
    if (rsc == null) {
      why = "no resource: name one with ?resource=ID or configure http.active_resource";
    } else if (!report.hasResource(rsc)) {
      why = "no resource " + rsc + " in the configuration";
    } else if (snap.localNode() == null) {
      why = "the local node is unknown";
    } else if (!snap.quorate()) {
      why = "no quorum";
    }
    List<String> nodes = List.of();
    String role =
        switch (path) {
          case "/replica" -> "unpromoted";
          case "/read-only", "/readiness" -> "running";
          default -> "primary";
        };
    if (why == null) {
      nodes =
          switch (role) {
            case "unpromoted" -> report.unpromotedNodes(rsc);
            case "running" -> report.runningNodes(rsc);
            default -> report.activeNodes(rsc);
          };
      if (!nodes.contains(snap.localNode())) {
        why =
            rsc
                + " is "
                + role
                + " on "
                + (nodes.isEmpty() ? "no node" : String.join(" ", nodes))
                + ", not on "
                + snap.localNode();
      }
    }
    send(
        ex,
        why == null ? options.okCode() : options.failCode(),
        type,
        why == null ? role + ": " + rsc + " on " + snap.localNode() + "\n" : "no: " + why + "\n",
        head);
  }

  /** The decoded parameters of a query string (the last of a repeated name wins). */
  private static Map<String, String> query(String raw) {
    Map<String, String> out = new java.util.HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          java.net.URLDecoder.decode(k, StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String whyNotActive(ClusterSnapshot snap, StatusReport r) {
    if (snap.activeResource() == null) {
      return "no active resource is configured";
    }
    if (snap.localNode() == null) {
      return "the local node is unknown";
    }
    return snap.activeResource()
        + " runs on "
        + (r.summary().activeNodes().isEmpty()
            ? "no node"
            : String.join(" ", r.summary().activeNodes()));
  }

  /** Null when this node is a standby, else why not. */
  private static String whyNotStandby(ClusterSnapshot snap, StatusReport r) {
    if (snap.localNode() == null) {
      return "the local node is unknown";
    }
    if (!snap.onlineMembers().contains(snap.localNode())) {
      return snap.localNode() + " is not an online member";
    }
    if (!snap.quorate()) {
      return "no quorum";
    }
    if (r.summary().localRole().equals("active")) {
      return snap.localNode() + " is active";
    }
    return null;
  }

  private boolean authorized(HttpExchange ex) {
    return BasicAuth.check(
        ex.getRequestHeaders().getFirst("Authorization"),
        options.authUser(),
        options.authPasswordHash());
  }

  private static void send(HttpExchange ex, int code, String type, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (head) {
      // HEAD: the headers a GET would send, no body.
      ex.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
