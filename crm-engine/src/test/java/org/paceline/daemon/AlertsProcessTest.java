package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * Pacemaker's alerts in a live cluster: three daemons, Debian's ocf:heartbeat:Dummy, a simulated
 * power switch, and Pacemaker's own {@code alert_file.sh.sample} as the agent of an {@code
 * <alerts>} section. A failover (kill -9 of the node running the resource, fencing, recovery) and
 * the fenced node's return reach the agent as Pacemaker's node, fencing and resource alerts.
 */
@Tag("process")
class AlertsProcessTest {
  private static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
  private static final Path ALERT_FILE =
      Path.of("/usr/share/pacemaker/alerts/alert_file.sh.sample");
  private static final Path FENCE_AGENTS =
      Path.of("../fencing/agents").toAbsolutePath().normalize();
  private ClusterHarness h;
  private com.sun.net.httpserver.HttpServer receiver;
  private final java.util.concurrent.atomic.AtomicBoolean receiverUp =
      new java.util.concurrent.atomic.AtomicBoolean(true);
  // What the webhook receiver accepted: event id -> body.
  private final java.util.Map<String, String> received =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger duplicates =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger badSignatures =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final byte[] KEY = "alerts-process-test-key".getBytes();

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DUMMY), "resource-agents is not installed");
    Assumptions.assumeTrue(
        Files.isRegularFile(ALERT_FILE), "pacemaker-common (alert_file.sh.sample) not installed");
    h = ClusterHarness.threeVoters();
    receiver =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes());
          if (!receiverUp.get()) {
            x.sendResponseHeaders(503, -1);
          } else {
            String sig =
                x.getRequestHeaders().getFirst(org.paceline.alert.Webhook.SIGNATURE_HEADER);
            if (!org.paceline.alert.Webhook.signature(KEY, body).equals(sig)) {
              badSignatures.incrementAndGet();
            }
            String id = x.getRequestHeaders().getFirst(org.paceline.alert.Webhook.EVENT_HEADER);
            if (received.putIfAbsent(id, body) != null) {
              duplicates.incrementAndGet();
            }
            x.sendResponseHeaders(204, -1);
          }
          x.close();
        });
    receiver.start();
    Path key = h.dir().resolve("webhook.key");
    Files.write(key, KEY);
    h.extraConfig(
        "fence_agent_dir: "
            + FENCE_AGENTS
            + "\nwebhook: {url: 'http://127.0.0.1:"
            + receiver.getAddress().getPort()
            + "/hook', secret_file: '"
            + key
            + "'}");
    h.startAll();
    h.awaitFormed(List.of("a", "b", "c"));
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  /** The events the webhook received whose body contains every one of {@code parts}. */
  private long webhookCount(String... parts) {
    return received.values().stream()
        .filter(b -> java.util.Arrays.stream(parts).allMatch(b::contains))
        .count();
  }

  /**
   * ControllerProcessTest's configuration (Dummy vip, the demo power switch) with an alerts section
   * whose agent writes to {@code recipient}.
   */
  private String cib(Path agent, Path recipient) {
    String fence =
        """
        <primitive id="power" class="stonith" type="fence_paceline_demo">
          <instance_attributes id="power-params">
            <nvpair id="power-root" name="demo_root" value="%s"/>
            <nvpair id="power-hosts" name="pcmk_host_list" value="a b c"/>
          </instance_attributes>
        </primitive>
        """
            .formatted(h.dir());
    String alerts =
        """
        <alerts>
          <alert id="file" path="%s">
            <recipient id="file-log" value="%s"/>
          </alert>
        </alerts>
        """
            .formatted(agent, recipient);
    return ControllerProcessTest.base(true)
        .replace("<resources>", "<resources>" + fence)
        .replace("<constraints/>", "<constraints/>" + alerts);
  }

  private List<String> runningOn(String rsc) {
    List<String> out = new ArrayList<>();
    for (String n : List.of("a", "b", "c")) {
      if (Files.exists(h.runDir(n).resolve("Dummy-" + rsc + ".state"))) {
        out.add(n);
      }
    }
    return out;
  }

  private static List<String> lines(Path f) {
    try {
      return Files.exists(f) ? Files.readAllLines(f) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long count(Path f, String text) {
    return lines(f).stream().filter(l -> l.endsWith(text)).count();
  }

  @Test
  void aFailoverReachesPacemakersFileAgentAsNodeFencingAndResourceAlerts() throws Exception {
    Path agent = h.dir().resolve("alert_file.sh");
    Files.copy(ALERT_FILE, agent);
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = h.dir().resolve("alerts.log");
    h.load("a", cib(agent, log));
    h.await("vip running on exactly one node", () -> runningOn("vip").size() == 1);
    String victim = runningOn("vip").get(0);
    h.await(
        "the start of vip on " + victim + " alerted",
        () -> count(log, "Resource operation 'start' for 'vip' on '" + victim + "': ok") == 1);
    // The first result of the recurring monitor, as Pacemaker alerts it.
    h.await(
        "vip's monitor on " + victim + " alerted",
        () ->
            count(log, "Resource operation 'monitor (1000)' for 'vip' on '" + victim + "': ok")
                == 1);

    // The receiver is down through the failover: what happens meanwhile arrives later.
    receiverUp.set(false);
    h.kill(victim);
    h.await(
        "vip running on a survivor",
        () -> runningOn("vip").size() == 1 && !runningOn("vip").contains(victim));
    String survivor = runningOn("vip").get(0);
    h.await(
        "both survivors alerted that " + victim + " was lost",
        () -> count(log, "Node '" + victim + "' is now 'lost'") == 2);
    h.await(
        "the fencing of " + victim + " alerted",
        () ->
            lines(log).stream()
                    .filter(
                        l ->
                            l.contains("Fencing Operation reboot of " + victim + " by ")
                                && l.contains(": OK"))
                    .count()
                == 1);
    h.await(
        "the recovery of vip on " + survivor + " alerted",
        () -> count(log, "Resource operation 'start' for 'vip' on '" + survivor + "': ok") == 1);

    receiverUp.set(true);
    try {
      h.await(
          "the webhook received the loss, the fencing and the recovery once each",
          java.time.Duration.ofSeconds(60),
          () ->
              webhookCount("\"kind\":\"node\"", "\"node\":\"" + victim + "\"", "\"desc\":\"lost\"")
                      == 1
                  && webhookCount("\"kind\":\"fencing\"", "\"node\":\"" + victim + "\"") == 1
                  && webhookCount(
                          "\"kind\":\"resource\"",
                          "\"rsc\":\"vip\"",
                          "\"task\":\"start\"",
                          "\"node\":\"" + survivor + "\"")
                      == 1);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; received: " + received.values(), e);
    }
    org.junit.jupiter.api.Assertions.assertEquals(0, duplicates.get(), "events delivered twice");
    org.junit.jupiter.api.Assertions.assertEquals(0, badSignatures.get(), "bad signatures");

    h.start(victim);
    h.await(
        "both survivors alerted that " + victim + " is back",
        () -> count(log, "Node '" + victim + "' is now 'member'") >= 2);
    // Every line carries Pacemaker's default timestamp (%H:%M:%S.%06N).
    for (String l : lines(log)) {
      assertTrue(l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6}: .*"), l);
    }
    System.out.println("alerts: " + lines(log).size() + " lines\n" + String.join("\n", lines(log)));
  }
}
