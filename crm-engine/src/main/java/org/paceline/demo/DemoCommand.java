package org.paceline.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.daemon.AdminClient;
import org.paceline.daemon.AdminProtocol;
import org.paceline.daemon.LoopbackPorts;
import org.paceline.daemon.PacelineMain;
import org.paceline.membership.ClusterCa;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.StatusRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code paceline demo}: a three-node cluster of real daemons on loopback that a newcomer can watch
 * fail over. The resources need no root: a VIP-like listener, a promotable database-like resource
 * and a policy-server-like listener (Paceline's demo OCF agents), fenced by a simulated power
 * switch (fence_paceline_demo) that kills a node's processes and wipes its run dir. It prints the
 * cluster status, kills the active node's daemon (kill -9), and times fencing and failover from the
 * outside (who answers on the VIP port). Ctrl-C tears everything down.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a 3-node demo cluster on loopback (no root needed), kill the active node and show"
          + " fencing and failover with timings. Ctrl-C stops it and removes its directory"
          + " (--root, default "
          + DemoCommand.ROOT_TEXT
          + ")."
    })
public final class DemoCommand implements Callable<Integer> {
  static final String ROOT_TEXT = "/tmp/paceline-demo";
  static final List<String> NODES = List.of("n1", "n2", "n3");

  /**
   * The daemons' JVM options, as the RPM's /etc/sysconfig/paceline sets them (override with
   * $PACELINE_NODE_JAVA_OPTS): a small heap, the serial collector, C1 only with one compiler thread
   * and a small code cache, no perf data file. About 80 MiB resident per idle daemon here, against
   * ~108 MiB with only -Xmx128m and C1 (docs/benchmarks.md).
   */
  static final String NODE_JVM =
      "-Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m -XX:CICompilerCount=1 -Xss512k -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError";

  /** Longest the demo waits for any one step before it gives up and says why. */
  static final long STEP_DEADLINE_MS = 60_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--failovers",
      defaultValue = "1",
      description = "How many times to kill the active node (default ${DEFAULT-VALUE}).")
  int failovers;

  @Option(
      names = "--victim",
      defaultValue = "active",
      description =
          "Whom to kill each round: active (the node holding the VIP, the default) or dc (the"
              + " DC, which may or may not hold the VIP).")
  String victim;

  @Option(
      names = "--exit",
      description = "Exit after the last failover instead of running until Ctrl-C.")
  boolean exitAfter;

  @Option(
      names = "--keep",
      description = "Keep " + ROOT_TEXT + " (logs, scheduler inputs) after the demo stops.")
  boolean keep;

  @Option(
      names = "--home",
      description = "Paceline's install or source tree (default: found from the class path).")
  Path home;

  @Option(
      names = "--root",
      defaultValue = ROOT_TEXT,
      description =
          "Directory for the demo's nodes (default ${DEFAULT-VALUE}); removed at the end.")
  Path root;

  private final Map<String, Process> procs = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
  private Path tree;
  private int vipPort;
  private int policyPort;
  private PrintWriter out;
  private long t0 = System.nanoTime();

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    if (!victim.equals("active") && !victim.equals("dc")) {
      spec.commandLine().getErr().println("demo: --victim is active or dc, not '" + victim + "'");
      return 2;
    }
    tree = home != null ? home : findHome();
    if (tree == null) {
      spec.commandLine()
          .getErr()
          .println("demo: cannot find Paceline's tree (resource-agents/ocf); pass --home DIR");
      return 69;
    }
    List<String> missing = DemoPrerequisites.missing(System.getenv("PATH"));
    if (!missing.isEmpty()) {
      spec.commandLine().getErr().println("demo: cannot run; missing on this machine:");
      missing.forEach(m -> spec.commandLine().getErr().println("  " + m));
      return 69;
    }
    if (Files.exists(root.resolve("n1").resolve("run").resolve("node.pid"))) {
      cleanStale();
    }
    Thread hook = new Thread(this::teardown, "demo-teardown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      prepare(tree);
      for (String n : NODES) {
        startNode(n);
      }
      say("started 3 daemons (n1 n2 n3) on 127.0.0.1 ports " + ports.values());
      await("a quorate cluster with a DC", () -> dc() != null);
      say("cluster formed; DC is " + dc() + "; loading the demo configuration");
      printWhereToLook();
      String answer = admin(dc(), "load " + base64(cib()));
      say(answer.lines().skip(1).findFirst().orElse(answer));
      await("the VIP answering", () -> vipAnswer() != null);
      awaitQuiet();
      await(
          "/status/active answering 200 on the VIP's node only",
          () -> activeCodes().equals(expectedActiveCodes(vipAnswer())));
      say("/status/active answers " + activeCodes());
      printStatus();
      long idle = sampleRss();
      say("resident memory of the three daemons, idle: " + idle / 1024 + " MiB in all");
      for (int i = 1; i <= failovers; i++) {
        failover(i);
      }
      say(
          "resident memory per daemon: idle "
              + idle / 3 / 1024
              + " MiB on average; at most "
              + maxRssKb / 1024
              + " MiB for one daemon during the failovers");
      say(
          "failovers: "
              + movedMs.size()
              + "; VIP back after "
              + stats(movedMs)
              + " (rounds whose victim held it)"
              + "; fencing confirmed after "
              + stats(fencedMs));
      if (exitAfter) {
        return 0;
      }
      say("running; Ctrl-C stops the demo and removes " + root);
      while (true) {
        Thread.sleep(5_000);
        printStatus();
      }
    } catch (DemoFailed e) {
      spec.commandLine().getErr().println("demo: " + e.getMessage());
      for (String n : NODES) {
        spec.commandLine().getErr().println("--- " + n + " log tail:");
        tail(root.resolve(n).resolve("daemon.log"), 15)
            .forEach(l -> spec.commandLine().getErr().println(l));
      }
      return 70;
    } finally {
      if (exitAfter || Thread.currentThread().isInterrupted()) {
        teardown();
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
  }

  private void failover(int round) throws Exception {
    String holder = vipAnswer();
    String victimDc = dc();
    String active = victim.equals("dc") ? victimDc : holder;
    say(
        "round "
            + round
            + ": kill -9 of "
            + active
            + "'s daemon ("
            + (active.equals(holder) ? "it holds the VIP" : "it does not hold the VIP")
            + (active.equals(victimDc) ? " and is the DC" : "")
            + "); its resources keep running until it is fenced");
    long start = System.nanoTime();
    Process p = procs.get(active);
    new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
    p.waitFor();
    boolean held = active.equals(holder);
    long[] fenced = {-1};
    long[] moved = {-1};
    await(
        held ? "the VIP answered by a survivor" : active + " fenced",
        () -> {
          if (fenced[0] < 0 && !Files.exists(root.resolve(active).resolve("run"))) {
            fenced[0] = ms(start);
            say("  " + active + " fenced (power off: its processes killed, run dir wiped)");
          }
          if (!held) {
            return fenced[0] >= 0; // the VIP stays where it is; only the fencing is timed
          }
          String who = vipAnswer();
          if (who != null && !who.equals(active) && fenced[0] >= 0) {
            moved[0] = ms(start);
            return true;
          }
          return false;
        });
    fencedMs.add(fenced[0]);
    if (held) {
      movedMs.add(moved[0]);
      say(
          "  VIP answered by "
              + vipAnswer()
              + " "
              + moved[0]
              + " ms after the kill; fencing confirmed "
              + fenced[0]
              + " ms after the kill");
    } else {
      say("  fencing confirmed " + fenced[0] + " ms after the kill; the VIP stayed on " + holder);
    }
    awaitQuiet();
    printStatus();
    say("power on " + active + ": it rejoins as a standby");
    Files.createDirectories(root.resolve(active).resolve("run"));
    startNode(active);
    await("all three nodes online", () -> online().size() == 3);
    awaitQuiet();
    printStatus();
  }

  private long maxRssKb;

  /** Resident memory of the live daemons in KiB (sum), remembering the largest single one. */
  private long sampleRss() {
    long sum = 0;
    for (Process p : procs.values()) {
      if (!p.isAlive()) {
        continue;
      }
      try {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
          if (l.startsWith("VmRSS:")) {
            long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
            sum += kb;
            maxRssKb = Math.max(maxRssKb, kb);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // Gone meanwhile.
      }
    }
    return sum;
  }

  private final List<Long> movedMs = new ArrayList<>();
  private final List<Long> fencedMs = new ArrayList<>();

  /** "median M ms (min A, max B)" of what was measured. */
  static String stats(List<Long> ms) {
    if (ms.isEmpty()) {
      return "(none)";
    }
    List<Long> s = ms.stream().sorted().toList();
    long median =
        s.size() % 2 == 1
            ? s.get(s.size() / 2)
            : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    return "median " + median + " ms (min " + s.get(0) + ", max " + s.get(s.size() - 1) + ")";
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  // ---------------------------------------------------------------- cluster files and processes

  private void prepare(Path tree) throws IOException {
    Files.createDirectories(root);
    Path ocf = root.resolve("ocf");
    Files.createDirectories(ocf.resolve("resource.d"));
    link(
        ocf.resolve("resource.d").resolve("paceline"),
        tree.resolve("resource-agents/ocf/paceline"));
    link(
        ocf.resolve("resource.d").resolve("heartbeat"),
        Path.of("/usr/lib/ocf/resource.d/heartbeat"));
    link(ocf.resolve("lib"), Path.of("/usr/lib/ocf/lib"));
    // The cluster CA once, then each node's certificate from it: what crm cluster start and join
    // do on real machines.
    Path ca = root.resolve("ca");
    ClusterCa.createCa(ca, "demo");
    int base = freePorts(2 * NODES.size() + 2);
    for (int i = 0; i < NODES.size(); i++) {
      ports.put(NODES.get(i), base + i);
      httpPorts.put(NODES.get(i), base + NODES.size() + i);
    }
    vipPort = base + 2 * NODES.size();
    policyPort = vipPort + 1;
    for (String n : NODES) {
      Path dir = root.resolve(n);
      Files.createDirectories(dir.resolve("run"));
      StringBuilder y = new StringBuilder();
      y.append("cluster_name: demo\n");
      y.append("node_name: ").append(n).append('\n');
      y.append("data_dir: ").append(dir.resolve("data")).append('\n');
      Path pki = dir.resolve("pki");
      ClusterCa.copyCa(ca, pki);
      ClusterCa.issueNode(pki, n, "127.0.0.1");
      y.append("pki_dir: ").append(pki).append('\n');
      y.append("ocf_root: ").append(ocf).append('\n');
      y.append("fence_agent_dir: ").append(tree.resolve("fencing/agents")).append('\n');
      y.append("attributes_dir: ").append(dir.resolve("run").resolve("attributes")).append('\n');
      // The status API and dashboard, read-only and on loopback only.
      y.append("http:\n");
      y.append("  listen: 127.0.0.1:").append(httpPorts.get(n)).append('\n');
      y.append("  active_resource: vip\n");
      y.append("members:\n");
      for (String m : NODES) {
        y.append("  - {name: ")
            .append(m)
            .append(", address: 127.0.0.1, port: ")
            .append(ports.get(m))
            .append(", role: voter}\n");
      }
      Files.writeString(dir.resolve("node.yaml"), y.toString());
    }
  }

  private static void link(Path link, Path target) throws IOException {
    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, target);
    }
  }

  /** The java that runs this demo also runs the demo agents' listeners. */
  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Where the demo agents' listener class is: a classes directory or a jar. */
  private static String listenerClassPath() {
    try {
      return Path.of(
              org.paceline.agents.DemoListener.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("DemoListener's location is not a path", e);
    }
  }

  /** What an operator opens beside the demo: crm status, the dashboards, the active probe. */
  private void printWhereToLook() {
    Path crm = tree.resolve("bin").resolve("crm");
    String crmCommand = Files.isExecutable(crm) ? crm.toString() : "crm";
    say("watch the cluster from a second terminal:");
    out.println(
        "    "
            + crmCommand
            + " status --config "
            + root.resolve("n1").resolve("node.yaml")
            + " --watch 2");
    say("each node serves the status API and dashboard on loopback (read-only):");
    for (String n : NODES) {
      out.println("    " + n + "  http://127.0.0.1:" + httpPorts.get(n) + "/");
    }
    out.println(
        "    curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:"
            + httpPorts.get(NODES.get(0))
            + "/status/active   # 200 where the VIP runs, 503 elsewhere");
    out.flush();
  }

  private void startNode(String n) throws IOException {
    Path dir = root.resolve(n);
    List<String> cmd = new ArrayList<>();
    cmd.add("setsid"); // its own process group: the power switch kills the group
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opts = System.getenv("PACELINE_NODE_JAVA_OPTS");
    cmd.addAll(List.of((opts == null || opts.isBlank() ? NODE_JVM : opts.trim()).split("\\s+")));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PacelineMain.class.getName());
    cmd.add("--config");
    cmd.add(dir.resolve("node.yaml").toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile()));
    pb.environment().put("HA_RSCTMP", dir.resolve("run").toString());
    Process p = pb.start();
    procs.put(n, p);
    Files.writeString(dir.resolve("run").resolve("node.pid"), p.pid() + "\n");
  }

  private synchronized void teardown() {
    for (Process p : procs.values()) {
      try {
        new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).start().waitFor();
      } catch (IOException | InterruptedException e) {
        p.destroyForcibly();
      }
    }
    procs.clear();
    killRecordedGroups();
    if (!keep) {
      deleteTree(root);
    }
  }

  /** A demo left behind by a crash: kill what its pid files name, then remove it. */
  private void cleanStale() {
    killRecordedGroups();
    deleteTree(root);
  }

  private void killRecordedGroups() {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root, 3)) {
      for (Path f : s.filter(x -> x.toString().endsWith(".pid")).toList()) {
        String pid = Files.readString(f).strip();
        if (pid.matches("[0-9]+") && Long.parseLong(pid) > 1) {
          new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start().waitFor();
          new ProcessBuilder("kill", "-9", pid).start().waitFor();
        }
      }
    } catch (IOException | InterruptedException e) {
      // Best effort: what is left is named in the error of the next start.
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Leave what cannot be removed; the next demo run cleans it.
    }
  }

  private static int freePorts(int n) throws IOException {
    return LoopbackPorts.freeBase(n, base -> LoopbackPorts.allFree(base, n));
  }

  private static Path findHome() {
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath();
      for (Path d = p; d != null; d = d.getParent()) {
        if (Files.isDirectory(d.resolve("resource-agents/ocf/paceline"))) {
          return d;
        }
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- the demo configuration

  private String cib() {
    return """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config>
              <cluster_property_set id="cib-bootstrap-options">
                <nvpair id="o-stonith" name="stonith-enabled" value="true"/>
                <nvpair id="o-stonith-action" name="stonith-action" value="off"/>
                <nvpair id="o-recheck" name="cluster-recheck-interval" value="30s"/>
              </cluster_property_set>
            </crm_config>
            <nodes>
              <node id="1" uname="n1"/>
              <node id="2" uname="n2"/>
              <node id="3" uname="n3"/>
            </nodes>
            <resources>
              <primitive id="power" class="stonith" type="fence_paceline_demo">
                <instance_attributes id="power-params">
                  <nvpair id="power-root" name="demo_root" value="%1$s"/>
                  <nvpair id="power-hosts" name="pcmk_host_list" value="n1 n2 n3"/>
                </instance_attributes>
                <operations>
                  <op id="power-monitor" name="monitor" interval="60s"/>
                </operations>
              </primitive>
              <clone id="db-clone">
                <meta_attributes id="db-clone-meta">
                  <nvpair id="db-promotable" name="promotable" value="true"/>
                  <nvpair id="db-promoted-max" name="promoted-max" value="1"/>
                </meta_attributes>
                <primitive id="db" class="ocf" provider="paceline" type="demo-db">
                  <instance_attributes id="db-params">
                    <nvpair id="db-score" name="promotion_score" value="5"/>
                    <nvpair id="db-root" name="demo_root" value="%1$s"/>
                  </instance_attributes>
                  <operations>
                    <op id="db-mon-promoted" name="monitor" interval="1s" role="Promoted" timeout="10s"/>
                    <op id="db-mon-unpromoted" name="monitor" interval="2s" role="Unpromoted" timeout="10s"/>
                  </operations>
                </primitive>
              </clone>
              <primitive id="vip" class="ocf" provider="paceline" type="demo-ip">
                <instance_attributes id="vip-params">
                  <nvpair id="vip-port" name="port" value="%2$d"/>
                  <nvpair id="vip-root" name="demo_root" value="%1$s"/>
                  <nvpair id="vip-java" name="java" value="%4$s"/>
                  <nvpair id="vip-classpath" name="classpath" value="%5$s"/>
                </instance_attributes>
                <operations>
                  <op id="vip-monitor" name="monitor" interval="1s" timeout="10s"/>
                </operations>
              </primitive>
              <primitive id="policy" class="ocf" provider="paceline" type="demo-policy">
                <instance_attributes id="policy-params">
                  <nvpair id="policy-port" name="port" value="%3$d"/>
                  <nvpair id="policy-root" name="demo_root" value="%1$s"/>
                  <nvpair id="policy-java" name="java" value="%4$s"/>
                  <nvpair id="policy-classpath" name="classpath" value="%5$s"/>
                </instance_attributes>
                <operations>
                  <op id="policy-monitor" name="monitor" interval="2s" timeout="10s"/>
                </operations>
              </primitive>
            </resources>
            <rsc_defaults>
              <meta_attributes id="rsc-options">
                <nvpair id="rsc-stickiness" name="resource-stickiness" value="100"/>
              </meta_attributes>
            </rsc_defaults>
            <constraints>
              <rsc_colocation id="vip-with-db" score="INFINITY" rsc="vip" with-rsc="db-clone" with-rsc-role="Promoted"/>
              <rsc_order id="db-then-vip" first="db-clone" first-action="promote" then="vip" then-action="start"/>
              <rsc_colocation id="policy-with-vip" score="INFINITY" rsc="policy" with-rsc="vip"/>
              <rsc_order id="vip-then-policy" first="vip" then="policy"/>
            </constraints>
          </configuration>
          <status/>
        </cib>
        """
        .formatted(root, vipPort, policyPort, javaCommand(), listenerClassPath());
  }

  // ---------------------------------------------------------------- observing

  private String admin(String node, String request) throws IOException {
    return AdminClient.call(root.resolve(node).resolve("data").resolve("admin.sock"), request);
  }

  private Map<String, String> status(String node) {
    Map<String, String> m = new LinkedHashMap<>();
    try {
      for (String line : admin(node, "status").lines().skip(1).toList()) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          m.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      // Down or not up yet.
    }
    return m;
  }

  /** The DC every live node agrees on, or null. */
  private String dc() {
    String dc = null;
    int agreeing = 0;
    for (String n : NODES) {
      Process p = procs.get(n);
      if (p == null || !p.isAlive()) {
        continue;
      }
      Map<String, String> s = status(n);
      if (!"true".equals(s.get("quorate"))) {
        return null;
      }
      if (dc != null && !dc.equals(s.get("dc"))) {
        return null;
      }
      dc = s.get("dc");
      agreeing++;
    }
    return agreeing >= 2 ? dc : null;
  }

  private List<String> online() {
    String dc = dc();
    if (dc == null) {
      return List.of();
    }
    return List.of(status(dc).getOrDefault("view", "").split(",")).stream()
        .filter(x -> !x.isEmpty())
        .toList();
  }

  /** Each live node's /status/active answer code (-1: no answer). */
  private Map<String, Integer> activeCodes() {
    Map<String, Integer> codes = new LinkedHashMap<>();
    for (String n : NODES) {
      Process p = procs.get(n);
      if (p != null && p.isAlive()) {
        codes.put(n, httpCode(httpPorts.get(n), "/status/active"));
      }
    }
    return codes;
  }

  private Map<String, Integer> expectedActiveCodes(String holder) {
    Map<String, Integer> codes = new LinkedHashMap<>();
    for (String n : NODES) {
      Process p = procs.get(n);
      if (p != null && p.isAlive()) {
        codes.put(n, n.equals(holder) ? 200 : 503);
      }
    }
    return codes;
  }

  private static int httpCode(int port, String path) {
    try {
      java.net.HttpURLConnection c =
          (java.net.HttpURLConnection)
              java.net.URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1_000);
      try {
        return c.getResponseCode();
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return -1;
    }
  }

  /** Which node answers on the VIP port, or null when none does. */
  private String vipAnswer() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", vipPort), 200);
      s.setSoTimeout(500);
      String line =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      return line == null || line.isBlank() ? null : line.strip();
    } catch (IOException e) {
      return null;
    }
  }

  private Cib snapshot() {
    String dc = dc();
    if (dc == null) {
      return null;
    }
    try {
      String a = admin(dc, "cib");
      if (!a.startsWith(AdminProtocol.OK)) {
        return null;
      }
      return CibXmlReader.read(a.substring(a.indexOf('\n') + 1), "DC " + dc).cib();
    } catch (Exception e) {
      return null;
    }
  }

  /** Waits until the DC has nothing left to do (no transition in flight for a moment). */
  private void awaitQuiet() throws Exception {
    await(
        "the cluster to settle",
        () -> {
          String dc = dc();
          return dc != null && "false".equals(status(dc).get("busy"));
        });
  }

  private void printStatus() {
    Cib c = snapshot();
    if (c == null) {
      say("(no status: no DC right now)");
      return;
    }
    ClusterSnapshot snap = ClusterSnapshot.fromCib(c, null, "vip", Instant.now());
    out.println();
    out.println(StatusRenderer.text(snap).stripTrailing());
    out.println();
    out.flush();
  }

  private void say(String s) {
    out.printf("[%6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, s);
    out.flush();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> tail(Path f, int n) {
    try {
      List<String> l = Files.readAllLines(f);
      return l.subList(Math.max(0, l.size() - n), l.size());
    } catch (IOException e) {
      return List.of("(no log)");
    }
  }

  private static final class DemoFailed extends Exception {
    DemoFailed(String m) {
      super(m);
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private void await(String what, Check c) throws Exception {
    long end = System.nanoTime() + STEP_DEADLINE_MS * 1_000_000;
    while (System.nanoTime() < end) {
      sampleRss();
      if (c.holds()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new DemoFailed("gave up after " + STEP_DEADLINE_MS / 1000 + " s waiting for " + what);
  }
}
