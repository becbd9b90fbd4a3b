package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * Cluster traffic is TLS with mutual authentication against the cluster CA: a process with a
 * certificate from another CA, or with none, never enters the view, and the members log a clear
 * refusal naming the reason.
 */
@Tag("process")
class MembershipTlsTest {
  /** How long an intruder is watched: several join timeouts and MERGE3 rounds. */
  static final Duration WATCH = Duration.ofSeconds(8);

  /** Node c's keys and certificate, issued by another CA than the cluster's. */
  private static Path foreignPki(ClusterHarness h) throws Exception {
    Path otherCa = h.dir().resolve("other-ca");
    ClusterCa.createCa(otherCa, "test");
    Path evil = h.dir().resolve("c-evil-pki");
    ClusterCa.copyCa(otherCa, evil);
    ClusterCa.issueNode(evil, "c", "127.0.0.1");
    return evil;
  }

  @Test
  void certificateFromAnotherCaCannotJoin() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      Path evil = foreignPki(h);
      h.usePki("c", evil);
      h.startAll();
      watchIntruder(h, "c");
      String a = h.log("a") + h.log("b");
      assertTrue(a.contains("TLS refused cluster connection"), h.logs());
      assertTrue(a.contains("peer does not trust this node's certificate"), h.logs());

      // With a certificate from the cluster CA, c joins and the cluster becomes quorate.
      h.kill("c");
      h.usePki("c", h.pkiDir("c"));
      h.start("c");
      h.awaitFormed(List.of("a", "b", "c"));
    }
  }

  @Test
  void processWithoutCertificateCannotJoin() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      intruderNeverJoins(h, List.of(h.configFile("c").toString()), "peer sent no certificate");
    }
  }

  /**
   * The members themselves check the client's certificate (client_auth=NEED against the CA): an
   * intruder that trusts any server and presents another CA's certificate is refused by them.
   */
  @Test
  void membersRefuseAClientCertificateFromAnotherCa() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      Path evil = foreignPki(h);
      intruderNeverJoins(
          h,
          List.of(h.configFile("c").toString(), evil.toString()),
          "is not signed by this cluster's CA");
    }
  }

  /** Runs a, b and {@link NoCertificateIntruder} as c with {@code args}; c never gets in. */
  private static void intruderNeverJoins(ClusterHarness h, List<String> args, String refusal)
      throws Exception {
    h.start("a");
    h.start("b");
    h.startMain("c", NoCertificateIntruder.class.getName(), args);
    h.await(
        "a and b form a view",
        () -> "a,b".equals(h.status("a").get("view")) && "a,b".equals(h.status("b").get("view")));
    h.await("the intruder is up (alone)", () -> h.log("c").contains("intruder connected"));
    long end = System.nanoTime() + WATCH.toNanos();
    while (System.nanoTime() < end) {
      assertEquals("a,b", h.status("a").get("view"), "the intruder must never enter a's view");
      assertEquals("a,b", h.status("b").get("view"), "the intruder must never enter b's view");
      Thread.sleep(200);
    }
    for (String line : h.log("c").lines().filter(l -> l.startsWith("intruder")).toList()) {
      assertTrue(!line.contains("a,") && !line.contains(", a") && !line.contains("b"), line);
    }
    h.await(
        "a or b logs the refusal: " + refusal, () -> (h.log("a") + h.log("b")).contains(refusal));
    assertTrue((h.log("a") + h.log("b")).contains("TLS refused cluster connection"));
  }

  @Test
  void httpApiServesTheNodeCertificateToClientsThatTrustTheClusterCa() throws Exception {
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      h.extraConfig("a", "http: {listen: 127.0.0.1:0, tls: cluster}");
      h.start("a");
      java.util.regex.Pattern p =
          java.util.regex.Pattern.compile(
              "http status serving address=127\\.0\\.0\\.1:([0-9]+) https=true");
      h.await("a serves HTTPS", () -> p.matcher(h.log("a")).find());
      java.util.regex.Matcher m = p.matcher(h.log("a"));
      assertTrue(m.find());
      int port = Integer.parseInt(m.group(1));

      // A client that trusts the cluster CA alone (not the node), with hostname verification.
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca", ClusterTls.readCertificate(h.caDir().resolve(ClusterCa.CA_CERT)));
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      javax.net.ssl.HttpsURLConnection c =
          (javax.net.ssl.HttpsURLConnection)
              new java.net.URL("https://127.0.0.1:" + port + "/health").openConnection();
      c.setSSLSocketFactory(ctx.getSocketFactory());
      c.setConnectTimeout(5_000);
      c.setReadTimeout(5_000);
      int code = c.getResponseCode();
      assertTrue(code == 200 || code == 503, "HTTP " + code);
      java.security.cert.X509Certificate served =
          (java.security.cert.X509Certificate) c.getServerCertificates()[0];
      assertEquals("CN=a,O=Paceline cluster test", served.getSubjectX500Principal().getName());
      c.disconnect();
    }
  }

  private static void watchIntruder(ClusterHarness h, String intruder) throws Exception {
    h.await(
        "a and b form a view",
        () -> "a,b".equals(h.status("a").get("view")) && "a,b".equals(h.status("b").get("view")));
    h.await(intruder + " is up (alone)", () -> intruder.equals(h.status(intruder).get("view")));
    long end = System.nanoTime() + WATCH.toNanos();
    while (System.nanoTime() < end) {
      Map<String, String> a = h.status("a");
      Map<String, String> c = h.status(intruder);
      assertEquals("a,b", a.get("view"), intruder + " must never enter a's view");
      assertEquals(intruder, c.get("view"), intruder + " must never see a or b");
      assertEquals("false", a.get("quorate"));
      Thread.sleep(200);
    }
    h.await(
        "a or b logs a TLS refusal",
        () -> (h.log("a") + h.log("b")).contains("TLS refused cluster connection"));
  }
}
