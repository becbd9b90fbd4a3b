package org.paceline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.cib.CibXmlReader;
import org.paceline.membership.PasswordHash;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.StatusFixtures;

/** The status HTTP API over real loopback HTTP on an ephemeral port. */
@Tag("process")
class StatusHttpServerTest {
  /** Every request's limit. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private HttpResponse<String> get(StatusHttpServer s, String path, String... headers)
      throws Exception {
    return send(s, "GET", path, headers);
  }

  private HttpResponse<String> send(
      StatusHttpServer s, String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static StatusHttpServer serve(ClusterSnapshot snap, HttpOptions o) throws Exception {
    return StatusHttpServer.start(() -> snap, o);
  }

  @Test
  void activeAndStandbyFollowThePromotedInstance() throws Exception {
    HttpOptions o = HttpOptions.plain("127.0.0.1", 0);
    try (StatusHttpServer hub1 = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub1"), o);
        StatusHttpServer hub2 = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub2"), o)) {
      assertEquals(200, get(hub1, "/status/active").statusCode());
      assertEquals("active\n", get(hub1, "/status/active").body());
      assertEquals(503, get(hub1, "/status/standby").statusCode());
      HttpResponse<String> notActive = get(hub2, "/status/active");
      assertEquals(503, notActive.statusCode());
      assertEquals("not active: pgsql-clone runs on hub1\n", notActive.body());
      assertEquals(200, get(hub2, "/status/standby").statusCode());
      assertEquals(200, get(hub1, "/health").statusCode());
    }
  }

  @Test
  void patronisEndpointsAnswerForAnyResource() throws Exception {
    HttpOptions o = HttpOptions.plain("127.0.0.1", 0);
    try (StatusHttpServer hub1 = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub1"), o);
        StatusHttpServer hub2 = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub2"), o)) {
      // The active resource (pgsql-clone, promotable): promoted on hub1, a replica on hub2.
      for (String primary : List.of("/primary", "/master", "/leader")) {
        assertEquals(200, get(hub1, primary).statusCode(), primary);
        assertEquals(503, get(hub2, primary).statusCode(), primary);
      }
      assertEquals("primary: pgsql-clone on hub1\n", get(hub1, "/primary").body());
      assertEquals(
          "no: pgsql-clone is primary on hub1, not on hub2\n", get(hub2, "/primary").body());
      assertEquals(503, get(hub1, "/replica").statusCode());
      assertEquals(200, get(hub2, "/replica").statusCode());
      assertEquals(200, get(hub1, "/read-only").statusCode());
      assertEquals(200, get(hub2, "/read-only").statusCode());
      assertEquals(200, get(hub2, "/readiness").statusCode());
      assertEquals(200, get(hub2, "/liveness").statusCode());
      // HEAD: the code without a body, as HAProxy's checks send it.
      HttpResponse<String> head = send(hub2, "HEAD", "/replica");
      assertEquals(200, head.statusCode());
      assertEquals("", head.body());
      // Another resource: the group runs (all its members) on hub1 only and has no replicas.
      assertEquals(200, get(hub1, "/primary?resource=hub-services").statusCode());
      assertEquals(503, get(hub2, "/primary?resource=hub-services").statusCode());
      assertEquals(503, get(hub2, "/replica?resource=hub-services").statusCode());
      assertEquals(503, get(hub2, "/read-only?resource=hub-services").statusCode());
      HttpResponse<String> unknown = get(hub1, "/primary?resource=nope");
      assertEquals(503, unknown.statusCode());
      assertEquals("no: no resource nope in the configuration\n", unknown.body());
      // A malformed escape (curl sends it; Java's client refuses to): the status line says 400.
      try (java.net.Socket raw = new java.net.Socket("127.0.0.1", hub1.port())) {
        raw.getOutputStream()
            .write(
                "GET /primary?resource=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        String answer = new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      }
      HttpResponse<String> lag = get(hub2, "/replica?lag=1MB");
      assertEquals(400, lag.statusCode());
      assertTrue(lag.body().contains("replication lag"), lag.body());
    }
  }

  @Test
  void failCodeIsConfigurable() throws Exception {
    HttpOptions o = HttpOptions.plain("127.0.0.1", 0).withCodes(200, 400);
    try (StatusHttpServer hub2 = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub2"), o)) {
      assertEquals(400, get(hub2, "/status/active").statusCode());
      assertEquals(200, get(hub2, "/status/standby").statusCode());
    }
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    HttpOptions o = HttpOptions.plain("127.0.0.1", 0);
    try (StatusHttpServer hub1 = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub1"), o);
        StatusHttpServer hub2 = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub2"), o)) {
      HttpResponse<String> h = send(hub1, "HEAD", "/status/active");
      assertEquals(200, h.statusCode());
      assertEquals("", h.body());
      assertEquals(503, send(hub2, "HEAD", "/status/active").statusCode());
      assertEquals(200, send(hub1, "HEAD", "/metrics").statusCode());
      HttpResponse<String> post = send(hub1, "POST", "/status/active");
      assertEquals(405, post.statusCode());
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
      assertEquals(404, get(hub1, "/nope").statusCode());
    }
  }

  @Test
  void noQuorumFailsHealthAndStandby() throws Exception {
    String xml =
        Files.readString(StatusFixtures.DIR.resolve("hub-pair-healthy.xml"))
            .replace("have-quorum=\"1\"", "have-quorum=\"0\"");
    ClusterSnapshot snap =
        ClusterSnapshot.fromCib(
            CibXmlReader.read(xml, "no-quorum").cib(), "hub2", "pgsql-clone", StatusFixtures.NOW);
    try (StatusHttpServer s = serve(snap, HttpOptions.plain("127.0.0.1", 0))) {
      assertEquals(503, get(s, "/health").statusCode());
      HttpResponse<String> standby = get(s, "/status/standby");
      assertEquals(503, standby.statusCode());
      assertEquals("not standby: no quorum\n", standby.body());
      // A node without quorum never claims a role: a cut-off old primary must not be routed to.
      assertEquals(503, get(s, "/replica").statusCode());
      assertEquals("no: no quorum\n", get(s, "/replica").body());
      assertEquals(200, get(s, "/liveness").statusCode());
    }
  }

  @Test
  void snapshotFailureAnswersNo() throws Exception {
    try (StatusHttpServer s =
        StatusHttpServer.start(
            () -> {
              throw new IllegalStateException("daemon not answering");
            },
            HttpOptions.plain("127.0.0.1", 0))) {
      HttpResponse<String> r = get(s, "/status/active");
      assertEquals(503, r.statusCode());
      assertEquals("status unavailable: daemon not answering\n", r.body());
      assertEquals(503, get(s, "/health").statusCode());
    }
  }

  @Test
  void basicAuthGuardsAllButTheProbes() throws Exception {
    String hash = PasswordHash.create("s3cret".toCharArray(), 1000);
    HttpOptions o = HttpOptions.plain("127.0.0.1", 0).withAuth("monitor", hash);
    String good =
        "Basic "
            + Base64.getEncoder().encodeToString("monitor:s3cret".getBytes(StandardCharsets.UTF_8));
    String bad =
        "Basic "
            + Base64.getEncoder().encodeToString("monitor:wrong".getBytes(StandardCharsets.UTF_8));
    try (StatusHttpServer s = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub1"), o)) {
      for (String path : List.of("/", "/status", "/metrics")) {
        HttpResponse<String> none = get(s, path);
        assertEquals(401, none.statusCode(), path);
        assertTrue(
            none.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic "));
        assertEquals(401, get(s, path, "Authorization", bad).statusCode(), path);
        assertEquals(200, get(s, path, "Authorization", good).statusCode(), path);
      }
      assertEquals(200, get(s, "/health").statusCode());
      assertEquals(200, get(s, "/status/active").statusCode());
    }
  }

  @Test
  void statusIsTheJsonReport() throws Exception {
    try (StatusHttpServer s =
        serve(
            StatusFixtures.snapshot("hub-pair-degraded", "hub1"),
            HttpOptions.plain("127.0.0.1", 0))) {
      HttpResponse<String> r = get(s, "/status");
      assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
      JsonNode j = new ObjectMapper().readTree(r.body());
      assertEquals(2, j.at("/health/code").asInt());
      assertEquals("active", j.at("/summary/localRole").asText());
    }
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (-?[0-9.eE+]+|NaN|[+-]Inf)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

  /** Parses the text exposition format strictly: HELP/TYPE before samples, every line valid. */
  static Map<String, Double> parseMetrics(String body) {
    Map<String, Double> samples = new HashMap<>();
    Set<String> typed = new HashSet<>();
    assertTrue(body.endsWith("\n"), "exposition ends with a newline");
    for (String line : body.split("\n")) {
      if (line.startsWith("# HELP ")) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] f = line.split(" ");
        assertEquals(4, f.length, line);
        assertTrue(Set.of("gauge", "counter").contains(f[3]), line);
        assertTrue(typed.add(f[2]), "family typed twice: " + f[2]);
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertTrue(m.matches(), "not a sample line: " + line);
      assertTrue(typed.contains(m.group(1)), "sample before its TYPE: " + line);
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        int end = 0;
        while (l.find()) {
          assertEquals(end, l.start(), "bad labels: " + line);
          end = l.end();
        }
        assertEquals(m.group(3).length(), end, "bad labels: " + line);
      }
      String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
      assertFalse(samples.containsKey(key), "duplicate series " + key);
      samples.put(key, Double.parseDouble(m.group(4)));
    }
    return samples;
  }

  @Test
  void metricsAreValidExposition() throws Exception {
    try (StatusHttpServer s =
        serve(
            StatusFixtures.snapshot("hub-pair-degraded", "hub1"),
            HttpOptions.plain("127.0.0.1", 0))) {
      HttpResponse<String> r = get(s, "/metrics");
      assertEquals(200, r.statusCode());
      assertTrue(
          r.headers()
              .firstValue("Content-Type")
              .orElseThrow()
              .startsWith("text/plain; version=0.0.4"));
      Map<String, Double> m = parseMetrics(r.body());
      assertEquals(1.0, m.get("paceline_quorate"));
      assertEquals(1.0, m.get("paceline_is_dc"));
      assertEquals(1.0, m.get("paceline_is_active"));
      assertEquals(2.0, m.get("paceline_health_status"));
      assertEquals(1.0, m.get("paceline_fencing_events_total{status=\"success\"}"));
      assertEquals(1.0, m.get("paceline_fencing_events_total{status=\"failed\"}"));
      assertEquals(
          1.0,
          m.get("ha_cluster_pacemaker_nodes{node=\"hub2\",status=\"unclean\",type=\"member\"}"));
      assertEquals(
          1.0,
          m.get("ha_cluster_pacemaker_nodes{node=\"hub3\",status=\"standby\",type=\"member\"}"));
      assertEquals(
          1.0, m.get("ha_cluster_pacemaker_nodes{node=\"hub1\",status=\"dc\",type=\"member\"}"));
      assertEquals(
          1.0,
          m.get(
              "ha_cluster_pacemaker_resources{managed=\"true\",node=\"hub1\",resource=\"pgsql\","
                  + "role=\"promoted\",status=\"active\"}"));
      assertEquals(
          1.0,
          m.get(
              "ha_cluster_pacemaker_resources{managed=\"true\",node=\"hub1\",resource=\"cf-serverd\","
                  + "role=\"started\",status=\"failed\"}"));
      assertEquals(
          1.0, m.get("ha_cluster_pacemaker_fail_count{node=\"hub1\",resource=\"cf-serverd\"}"));
      assertEquals(
          (double) StatusFixtures.NOW.minusSeconds(95).getEpochSecond(),
          m.get("paceline_node_last_report_timestamp_seconds{node=\"hub2\"}"));
    }
  }

  @Test
  void dashboardEscapesWhatItShows() throws Exception {
    ClusterSnapshot snap =
        StatusFixtures.snapshot("hub-pair-healthy", "hub1")
            .withFencingHistory(
                List.of(
                    new org.paceline.status.FencingEvent(
                        "hub2", "reboot", true, StatusFixtures.NOW, "<script>alert(1)</script>")));
    try (StatusHttpServer s = serve(snap, HttpOptions.plain("127.0.0.1", 0))) {
      HttpResponse<String> r = get(s, "/");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      assertTrue(r.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), r.body());
      assertFalse(r.body().contains("<script>alert(1)"));
      assertTrue(r.body().contains("<div id=\"indicator\" class=\"ok\">OK</div>"), r.body());
    }
  }

  @Test
  void snapshotIsTakenPerRequest() throws Exception {
    AtomicReference<ClusterSnapshot> current =
        new AtomicReference<>(StatusFixtures.snapshot("hub-pair-healthy", "hub2"));
    try (StatusHttpServer s =
        StatusHttpServer.start(current::get, HttpOptions.plain("127.0.0.1", 0))) {
      assertEquals(503, get(s, "/status/active").statusCode());
      current.set(StatusFixtures.snapshot("hub-pair-healthy", "hub1"));
      assertEquals(200, get(s, "/status/active").statusCode());
    }
  }

  @Test
  void httpsWithAKeystore(@TempDir Path dir) throws Exception {
    Path ks = dir.resolve("http.p12");
    char[] pw = "changeit".toCharArray();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "http",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                ks.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "keytool finished");
    assertEquals(0, p.exitValue(), out);
    HttpOptions o = HttpOptions.plain("127.0.0.1", 0).withKeystore(ks, pw);
    try (StatusHttpServer s = serve(StatusFixtures.snapshot("hub-pair-healthy", "hub1"), o)) {
      assertTrue(s.https());
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(ks)) {
        trust.load(in, pw);
      }
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      HttpClient tls = HttpClient.newBuilder().sslContext(ctx).connectTimeout(TIMEOUT).build();
      HttpResponse<String> r =
          tls.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port() + "/status/active"))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
    }
  }

  @Test
  void roleFileIsWrittenAtomicallyOnChange(@TempDir Path dir) throws Exception {
    Path role = dir.resolve("run/paceline/role");
    RoleFile f = new RoleFile(role);
    assertEquals(
        RoleFile.NodeRole.ACTIVE, f.update(StatusFixtures.snapshot("hub-pair-healthy", "hub1")));
    assertEquals("active\n", Files.readString(role));
    assertEquals(
        RoleFile.NodeRole.STANDBY, f.update(StatusFixtures.snapshot("hub-pair-healthy", "hub2")));
    assertEquals("standby\n", Files.readString(role));
    try (var s = Files.list(role.getParent())) {
      assertEquals(List.of(role), s.toList(), "no temporary file left behind");
    }
  }

  @Test
  void optionsAreChecked() {
    HttpOptions o = HttpOptions.plain("127.0.0.1", 0);
    assertEquals(
        "the ok and fail codes must differ (both 200)",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> o.withCodes(200, 200))
            .getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> o.withAuth("u", "plaintext"));
  }
}
