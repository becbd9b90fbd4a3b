package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;
import org.paceline.shell.CrmCommand;
import picocli.CommandLine;

/**
 * The live status end to end: three real daemons on loopback (JGroups, Raft, the controller),
 * Debian's ocf:heartbeat:Dummy as "vip" and the fence_paceline_demo power switch. {@code crm
 * status} asks a daemon over its admin socket, from the DC and from another node; the daemons' HTTP
 * API and role files follow the vip, also across a kill -9 and fencing.
 */
@Tag("process")
class LiveStatusProcessTest {
  static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
  static final Path FENCE_AGENTS = Path.of("../fencing/agents").toAbsolutePath().normalize();
  static final List<String> NODES = List.of("a", "b", "c");
  private ClusterHarness h;

  /** The result of one in-process crm command. */
  record Run(int rc, String out, String err) {}

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /**
   * Starts a, b, c with fencing and the vip; with {@code http}, each node serves HTTP on a port of
   * its choice (port 0: no race for a free port with other tests), put into {@code http}.
   */
  void startCluster(Map<String, Integer> http) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DUMMY), "resource-agents is not installed");
    h = ClusterHarness.threeVoters();
    h.extraConfig("fence_agent_dir: " + FENCE_AGENTS);
    for (var e : http.entrySet()) {
      // The role file in the node's run dir: a power-off (fencing) wipes it, as a reboot
      // empties /run.
      h.extraConfig(
          e.getKey(),
          "http: {listen: 127.0.0.1:0, active_resource: vip, active_code: 200, inactive_code: 503}\n"
              + "role_file: "
              + roleFile(e.getKey())
              + "\n");
    }
    h.startAll();
    h.awaitFormed(NODES);
    for (String n : http.keySet()) {
      h.await("the HTTP port of " + n + " in its log", () -> httpPort(n) > 0);
      http.put(n, httpPort(n));
    }
    String cib =
        ControllerProcessTest.base(true)
            .replace(
                "<resources>",
                """
                <resources>
                  <primitive id="power" class="stonith" type="fence_paceline_demo">
                    <instance_attributes id="power-params">
                      <nvpair id="power-root" name="demo_root" value="%s"/>
                      <nvpair id="power-hosts" name="pcmk_host_list" value="a b c"/>
                    </instance_attributes>
                  </primitive>
                """
                    .formatted(h.dir()));
    h.load("a", cib);
  }

  /** The port the node's log says its HTTP server is bound to, or -1. */
  int httpPort(String node) {
    try {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("http status serving address=127\\.0\\.0\\.1:([0-9]+)")
              .matcher(Files.readString(h.dir().resolve(node + ".log")));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  Path roleFile(String node) {
    return h.runDir(node).resolve("role");
  }

  /** The nodes whose run dir holds the Dummy's state file for the vip. */
  List<String> vipOn() {
    List<String> out = new ArrayList<>();
    for (String n : NODES) {
      if (Files.exists(h.runDir(n).resolve("Dummy-vip.state"))) {
        out.add(n);
      }
    }
    return out;
  }

  static Run crm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine c = CrmCommand.commandLine();
    c.setOut(new PrintWriter(out, true));
    c.setErr(new PrintWriter(err, true));
    int rc = c.execute(args);
    return new Run(rc, out.toString(), err.toString());
  }

  Run status(String node, String... more) {
    List<String> args =
        new ArrayList<>(List.of("status", "--config", h.configFile(node).toString()));
    args.addAll(List.of(more));
    return crm(args.toArray(String[]::new));
  }

  String dc() {
    return h.status("a").get("dc");
  }

  @Test
  void crmStatusFromTheDcAndFromAnotherNodeAndAClearErrorWhenTheDaemonIsDown() throws Exception {
    startCluster(Map.of());
    h.await("vip running on exactly one node", () -> vipOn().size() == 1);
    String holder = vipOn().get(0);
    String dc = dc();
    String other = NODES.stream().filter(n -> !n.equals(dc)).findFirst().orElseThrow();
    ObjectMapper json = new ObjectMapper();
    for (String from : List.of(dc, other)) {
      // The vip's state file appears when its start runs; the DC's status shows it once the
      // result is in, and a non-DC once the DC's push arrived: wait for that, then look.
      h.await(
          "crm status on " + from + " shows vip started on " + holder,
          () -> {
            Run r = status(from);
            return r.rc() == 0 && r.out().matches("(?s).*vip\\t.*Started " + holder + "\\b.*");
          });
      Run text = status(from);
      assertEquals(0, text.rc(), text.err());
      assertTrue(text.out().contains("Current DC: " + dc), text.out());
      assertTrue(text.out().contains("Online: [ a b c ]"), text.out());
      assertTrue(text.out().contains("partition with quorum"), text.out());

      Run j = status(from, "--output", "json");
      assertEquals(0, j.rc(), j.err());
      JsonNode report = json.readTree(j.out());
      assertEquals(from, report.at("/summary/localNode").asText(), j.out());
      assertEquals(dc, report.at("/summary/dc").asText(), j.out());
      assertTrue(j.out().contains("\"vip\""), j.out());

      Run x = status(from, "--output", "xml");
      assertEquals(0, x.rc(), x.err());
      assertTrue(x.out().contains("id=\"vip\""), x.out());

      h.await(
          "crm status --check on " + from + " says OK", () -> status(from, "--check").rc() == 0);
      Run check = status(from, "--check");
      assertEquals("CLUSTER OK\n", check.out());
    }

    // --watch without a terminal: one report per interval after a separator line.
    Run watch = status(other, "--watch", "1", "--watch-count", "2");
    assertEquals(0, watch.rc(), watch.err());
    assertEquals(2, watch.out().lines().filter(l -> l.matches("--- .* ---")).count(), watch.out());
    assertEquals(2, watch.out().split("Cluster Summary:", -1).length - 1, watch.out());

    // A node whose daemon is down: a clear error and 69 (EX_UNAVAILABLE), with and without
    // --check. Pick a node that holds nothing so the vip stays put.
    String down = NODES.stream().filter(n -> !n.equals(dc) && !n.equals(holder)).findFirst().get();
    h.kill(down);
    Run gone = status(down);
    assertEquals(69, gone.rc(), gone.out() + gone.err());
    assertTrue(gone.err().contains("cannot reach the paceline daemon"), gone.err());
    assertTrue(gone.err().contains("is it running"), gone.err());
    assertEquals(69, status(down, "--check").rc());
    // The survivors report the node as lost (it is fenced: UNCLEAN until then, then OFFLINE).
    h.await(
        "the DC reports " + down + " as not online",
        () -> {
          Run r = status(dc);
          return r.rc() == 0 && !r.out().contains("Online: [ a b c ]");
        });
  }

  @Test
  void aPartitionWithoutQuorumHasNoStatus() throws Exception {
    Map<String, Integer> http = httpNodes();
    startCluster(http);
    h.await("vip running on exactly one node", () -> vipOn().size() == 1);
    String dc = dc();
    List<String> others = new ArrayList<>(NODES);
    others.remove(dc);
    // Both others die: the DC is alone and loses quorum.
    h.kill(others.get(0));
    h.kill(others.get(1));
    h.await(dc + " without quorum", () -> "false".equals(h.status(dc).get("quorate")));
    Run r = status(dc);
    assertEquals(69, r.rc(), r.out() + r.err());
    assertTrue(r.err().contains("no cluster status: no quorum"), r.err());
    Run check = status(dc, "--check");
    assertEquals(2, check.rc(), check.out() + check.err());
    assertTrue(
        check.out().startsWith("CLUSTER CRITICAL: no cluster status: no quorum"), check.out());
    // The lone node's probes say no, whatever ran there, and its role file says standby.
    h.await(
        dc + " answers 503 to /status/active and /health",
        () -> get(http.get(dc), "/status/active") == 503 && get(http.get(dc), "/health") == 503);
    h.await(dc + "'s role file says standby", () -> role(roleFile(dc)).equals("standby"));
  }

  static String role(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (java.io.IOException e) {
      return "(none)";
    }
  }

  /** HTTP status code of GET http://127.0.0.1:PORT/PATH, or -1 when nothing answers. */
  static int get(int port, String path) {
    try {
      var c =
          (java.net.HttpURLConnection)
              new java.net.URL("http://127.0.0.1:" + port + path).openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      int code = c.getResponseCode();
      c.disconnect();
      return code;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** A node -> port map for {@link #startCluster} to fill. */
  static Map<String, Integer> httpNodes() {
    Map<String, Integer> m = new TreeMap<>();
    NODES.forEach(n -> m.put(n, 0));
    return m;
  }

  /** /status/active answers 200 exactly on the holder; each role file says the same. */
  boolean onlyActive(Map<String, Integer> http, String holder) {
    for (String n : NODES) {
      int want = n.equals(holder) ? 200 : 503;
      if (get(http.get(n), "/status/active") != want) {
        return false;
      }
      if (!role(roleFile(n)).equals(n.equals(holder) ? "active" : "standby")) {
        return false;
      }
    }
    return true;
  }

  @Test
  void httpActiveAndTheRoleFileFollowTheVipAcrossAKillAndFencing() throws Exception {
    Map<String, Integer> http = httpNodes();
    startCluster(http);
    h.await("vip running on exactly one node", () -> vipOn().size() == 1);
    String holder = vipOn().get(0);
    h.await(
        "/status/active 200 and role file active only on " + holder,
        () -> onlyActive(http, holder));
    for (String n : NODES) {
      assertEquals(200, get(http.get(n), "/health"), n);
    }
    h.kill(holder);
    h.await(
        "vip on a survivor after " + holder + " was fenced",
        () -> vipOn().size() == 1 && !vipOn().contains(holder));
    String next = vipOn().get(0);
    List<String> survivors = new ArrayList<>(NODES);
    survivors.remove(holder);
    h.await(
        "/status/active 200 and role file active only on " + next,
        () -> {
          for (String n : survivors) {
            if (get(http.get(n), "/status/active") != (n.equals(next) ? 200 : 503)) {
              return false;
            }
            if (!role(roleFile(n)).equals(n.equals(next) ? "active" : "standby")) {
              return false;
            }
          }
          return get(http.get(holder), "/status/active") == -1;
        });
    // The fenced node's run dir (and so its role file) was wiped by the power switch.
    assertEquals("(none)", role(roleFile(holder)));
  }

  static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  /** HAProxy's view of each server of backend "nodes" (UP, DOWN, ...), from its stats socket. */
  static Map<String, String> haproxyServers(Path socket) {
    Map<String, String> out = new TreeMap<>();
    try (var c = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      c.connect(java.net.UnixDomainSocketAddress.of(socket));
      c.write(java.nio.ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
      String csv =
          new String(
              java.nio.channels.Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = csv.lines().toList();
      if (lines.isEmpty()) {
        return out;
      }
      List<String> header = List.of(lines.get(0).replaceFirst("^# ", "").split(","));
      int status = header.indexOf("status");
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split(",", -1);
        if (f.length > status && f[0].equals("nodes") && NODES.contains(f[1])) {
          out.put(f[1], f[status]);
        }
      }
    } catch (java.io.IOException e) {
      // Not up yet: no servers, which no condition accepts.
    }
    return out;
  }

  /** GET through a proxy: the code and the body, or -1 when nothing answers. */
  static Map.Entry<Integer, String> fetch(int port, String path) {
    try {
      var c =
          (java.net.HttpURLConnection)
              new java.net.URL("http://127.0.0.1:" + port + path).openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      int code = c.getResponseCode();
      var in = code < 400 ? c.getInputStream() : c.getErrorStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      c.disconnect();
      return Map.entry(code, body);
    } catch (java.io.IOException e) {
      return Map.entry(-1, e.toString());
    }
  }

  @Test
  void haproxyRoutesToTheActiveNodeAndSwitchesBackendsAfterAKill() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed");
    Map<String, Integer> http = httpNodes();
    startCluster(http);
    int front;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      front = s.getLocalPort();
    }
    Path stats = h.dir().resolve("haproxy.sock");
    StringBuilder cfg = new StringBuilder();
    cfg.append(
        """
        global
          stats socket %s mode 600 level admin
        defaults
          mode http
          timeout connect 2s
          timeout client 10s
          timeout server 10s
        frontend hub
          bind 127.0.0.1:%d
          default_backend nodes
        backend nodes
          option httpchk GET /status/active
          http-check expect status 200
          default-server inter 300ms fall 2 rise 2
        """
            .formatted(stats, front));
    for (String n : NODES) {
      cfg.append("  server ")
          .append(n)
          .append(" 127.0.0.1:")
          .append(http.get(n))
          .append(" check\n");
    }
    Path file = h.dir().resolve("haproxy.cfg");
    Files.writeString(file, cfg.toString());
    Process haproxy =
        new ProcessBuilder(HAPROXY.toString(), "-f", file.toString(), "-db")
            .redirectErrorStream(true)
            .redirectOutput(h.dir().resolve("haproxy.log").toFile())
            .start();
    try {
      h.await("vip running on exactly one node", () -> vipOn().size() == 1);
      String holder = vipOn().get(0);
      h.await(
          "haproxy sees only " + holder + " UP",
          () -> {
            Map<String, String> s = haproxyServers(stats);
            return s.size() == 3
                && NODES.stream()
                    .allMatch(n -> s.get(n).startsWith(n.equals(holder) ? "UP" : "DOWN"));
          });
      // Through the frontend: answered by the active node (its /status names it).
      var viaProxy = fetch(front, "/status");
      assertEquals(200, viaProxy.getKey(), viaProxy.getValue());
      assertEquals(
          holder,
          new ObjectMapper().readTree(viaProxy.getValue()).at("/summary/localNode").asText());

      h.kill(holder);
      h.await(
          "vip on a survivor after " + holder + " was fenced",
          () -> vipOn().size() == 1 && !vipOn().contains(holder));
      String next = vipOn().get(0);
      h.await(
          "haproxy sees only " + next + " UP",
          () -> {
            Map<String, String> s = haproxyServers(stats);
            return s.size() == 3
                && NODES.stream()
                    .allMatch(n -> s.get(n).startsWith(n.equals(next) ? "UP" : "DOWN"));
          });
      h.await(
          "the frontend answers from " + next,
          () -> {
            var r = fetch(front, "/status");
            try {
              return r.getKey() == 200
                  && new ObjectMapper()
                      .readTree(r.getValue())
                      .at("/summary/localNode")
                      .asText()
                      .equals(next);
            } catch (java.io.IOException e) {
              return false;
            }
          });
    } finally {
      haproxy.destroy();
      if (!haproxy.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        haproxy.destroyForcibly();
        haproxy.waitFor();
      }
    }
  }
}
