package org.paceline.replication;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.paceline.daemon.AdminClient;
import org.paceline.daemon.LoopbackPorts;
import org.paceline.membership.ClusterCa;

/**
 * Runs real Paceline daemons as separate JVMs on loopback for tests and the benchmark: writes the
 * bootstrap files, creates the cluster CA and each node's certificate (as crm cluster start and
 * join do), starts, kills (-9), stops (SIGSTOP) and resumes nodes, and queries them over their
 * admin sockets. {@link #close()} kills every child, stopped or not.
 */
public final class ClusterHarness implements AutoCloseable {
  /** Longest a condition is waited for by default; generous because the CI machine is shared. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** Poll period of {@link #await}; a condition check, not a sleep used as a condition. */
  public static final long POLL_MS = 20;

  /** JVM options for children: small and quick to start on a 2-core shared machine. */
  static final List<String> CHILD_JVM =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Xss512k");

  private final Path dir;
  private final Map<String, String> roles = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Process> procs = new LinkedHashMap<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final Map<String, List<String>> prefixes = new LinkedHashMap<>();
  private final Map<String, String> security = new LinkedHashMap<>();

  /** A cluster of the given members (name -> voter|witness), not yet started. */
  public ClusterHarness(Map<String, String> members) throws IOException {
    this(members, Map.of(), Map.of());
  }

  /**
   * A cluster whose nodes bind {@code addresses} (default 127.0.0.1) and run under a command {@code
   * prefixes} (e.g. {@code ip netns exec NS}).
   */
  public ClusterHarness(
      Map<String, String> members,
      Map<String, String> addresses,
      Map<String, List<String>> prefixes)
      throws IOException {
    this.addresses.putAll(addresses);
    this.prefixes.putAll(prefixes);
    this.dir = Files.createTempDirectory("paceline-test");
    this.roles.putAll(members);
    int base = freeBase(members.size());
    int i = 0;
    for (String n : members.keySet()) {
      ports.put(n, base + i++);
    }
    ClusterCa.createCa(caDir(), "test");
    for (String n : members.keySet()) {
      issue(n);
      writeConfig(n);
    }
  }

  /** A 3-voter cluster a, b, c. */
  public static ClusterHarness threeVoters() throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("a", "voter");
    m.put("b", "voter");
    m.put("c", "voter");
    return new ClusterHarness(m);
  }

  /** The cluster CA every node's certificate is issued from. */
  public Path caDir() {
    return dir.resolve("ca");
  }

  /** The node's pki dir (CA and its own certificate). */
  public Path pkiDir(String node) {
    return dir.resolve(node + "-pki");
  }

  private void issue(String node) throws IOException {
    ClusterCa.copyCa(caDir(), pkiDir(node));
    ClusterCa.issueNode(pkiDir(node), node, addresses.getOrDefault(node, "127.0.0.1"));
  }

  /**
   * Adds {@code node} to this harness only: its own bootstrap file lists every member and itself,
   * the existing members' files stay as they are (they do not know it). No certificate: that is crm
   * cluster join's job.
   */
  public void addLateMember(String node, String role) throws IOException {
    roles.put(node, role);
    ports.put(node, freeBase(1));
    writeConfig(node);
  }

  /** The transport port of {@code node}. */
  public int port(String node) {
    return ports.get(node);
  }

  /** Points {@code node} at another pki dir (e.g. one from another CA); rewrites its file. */
  public void usePki(String node, Path pki) throws IOException {
    security.put(node, "pki_dir: " + pki + "\n");
    writeConfig(node);
  }

  /** Runs {@code node} with {@code security: key} and that key file; rewrites its file. */
  public void useKey(String node, Path keyFile) throws IOException {
    security.put(node, "security: key\nkey_file: " + keyFile + "\n");
    writeConfig(node);
  }

  /** The test directory (bootstrap files, data dirs, logs). */
  public Path dir() {
    return dir;
  }

  /**
   * The node's run directory (its agents' state files; what a power-off wipes), laid out as
   * fence_paceline_demo expects: {@code DIR/NODE/run} with {@code node.pid}.
   */
  public Path runDir(String node) {
    return dir.resolve(node).resolve("run");
  }

  private String extraYaml = "";
  private final Map<String, Map<String, String>> env = new LinkedHashMap<>();

  /** Extra environment for a node's daemon (from its next start). */
  public void environment(String node, Map<String, String> vars) {
    env.put(node, Map.copyOf(vars));
  }

  private final Map<String, List<String>> launchers = new LinkedHashMap<>();

  /**
   * Runs {@code node}'s daemon (from its next start) with {@code launcher} (e.g. an installed
   * {@code paceline} launcher script, given its tree in {@link #environment}) instead of this JVM's
   * class path; {@code --config FILE} is appended.
   */
  public void launcher(String node, List<String> launcher) {
    launchers.put(node, List.copyOf(launcher));
  }

  /** Extra top-level bootstrap keys for every node (e.g. fence_agent_dir); rewrites the files. */
  public void extraConfig(String yamlLines) throws IOException {
    this.extraYaml = yamlLines.endsWith("\n") ? yamlLines : yamlLines + "\n";
    for (String n : roles.keySet()) {
      writeConfig(n);
    }
  }

  private final Map<String, String> nodeYaml = new LinkedHashMap<>();

  /** Extra top-level bootstrap keys for one node (e.g. its http port); rewrites its file. */
  public void extraConfig(String node, String yamlLines) throws IOException {
    nodeYaml.put(node, yamlLines.endsWith("\n") ? yamlLines : yamlLines + "\n");
    writeConfig(node);
  }

  /** The bootstrap file of {@code node}. */
  public Path configFile(String node) {
    return dir.resolve(node + ".yaml");
  }

  /** Rewrites a node's bootstrap file. */
  public void writeConfig(String node) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("cluster_name: test\n");
    y.append("node_name: ").append(node).append('\n');
    y.append("data_dir: ").append(dir.resolve(node + "-data")).append('\n');
    y.append(security.getOrDefault(node, "pki_dir: " + pkiDir(node) + "\n"));
    y.append("edit_timeout_ms: 4000\n");
    y.append(extraYaml);
    y.append(nodeYaml.getOrDefault(node, ""));
    y.append("members:\n");
    for (var e : roles.entrySet()) {
      y.append("  - {name: ")
          .append(e.getKey())
          .append(", address: ")
          .append(addresses.getOrDefault(e.getKey(), "127.0.0.1"))
          .append(", port: ")
          .append(ports.get(e.getKey()))
          .append(", role: ")
          .append(e.getValue())
          .append("}\n");
    }
    Files.writeString(configFile(node), y.toString());
  }

  /** The daemon's main class (a launcher set for a node replaces it and the JVM before it). */
  static final String DAEMON_MAIN = "org.paceline.daemon.PacelineMain";

  /** Starts {@code node}'s daemon (again, after a kill: same data dir). */
  public void start(String node) throws IOException {
    startMain(
        node, "org.paceline.daemon.PacelineMain", List.of("--config", configFile(node).toString()));
  }

  /**
   * Starts {@code mainClass} from the test class path as {@code node} (its own JVM, session and
   * log), e.g. an intruder that is not a Paceline daemon.
   */
  public void startMain(String node, String mainClass, List<String> args) throws IOException {
    // Its own session and process group, as a separate machine would be: a simulated power-off
    // (fence_paceline_demo) kills the group.
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.addAll(prefixes.getOrDefault(node, List.of()));
    if (launchers.containsKey(node) && mainClass.equals(DAEMON_MAIN)) {
      cmd.addAll(launchers.get(node));
    } else {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(CHILD_JVM);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(mainClass);
    }
    cmd.addAll(args);
    File log = dir.resolve(node + ".log").toFile();
    Files.createDirectories(runDir(node));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    // Agents keep their state files here (HA_RSCTMP): one "machine" per node on one host.
    pb.environment().put("HA_RSCTMP", runDir(node).toString());
    // ... and HA_VARRUN, where Pacemaker's Stateful keeps its role (shared /var/run would make
    // every node's instance report the role one node set).
    Path varRun = runDir(node).resolve("varrun");
    Files.createDirectories(varRun);
    pb.environment().put("HA_VARRUN", varRun.toString());
    pb.environment().putAll(env.getOrDefault(node, Map.of()));
    Process p = pb.start();
    procs.put(node, p);
    Files.writeString(runDir(node).resolve("node.pid"), p.pid() + "\n");
  }

  /** Starts every node. */
  public void startAll() throws IOException {
    for (String n : roles.keySet()) {
      start(n);
    }
  }

  /** kill -9. */
  public void kill(String node) throws InterruptedException {
    Process p = procs.remove(node);
    if (p != null) {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  /** SIGTERM: a clean stop (systemctl stop). */
  public void terminate(String node) throws Exception {
    signal(node, "TERM");
  }

  /** Whether the node's daemon process is alive. */
  public boolean isRunning(String node) {
    Process p = procs.get(node);
    return p != null && p.isAlive();
  }

  /** The exit status of {@code node}'s daemon, which must have exited. */
  public int exitValue(String node) {
    return procs.get(node).exitValue();
  }

  /** SIGSTOP: the process hangs, sockets stay open (a hung node). */
  public void stop(String node) throws Exception {
    signal(node, "STOP");
  }

  /** SIGCONT. */
  public void resume(String node) throws Exception {
    signal(node, "CONT");
  }

  private void signal(String node, String sig) throws Exception {
    Process p = procs.get(node);
    Process k = new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).start();
    if (k.waitFor() != 0) {
      throw new IllegalStateException("kill -" + sig + " " + node + " failed");
    }
  }

  /** The node's status as key=value, or an empty map when its daemon does not answer. */
  public Map<String, String> status(String node) {
    Map<String, String> m = new LinkedHashMap<>();
    try {
      String a = AdminClient.call(dir.resolve(node + "-data").resolve("admin.sock"), "status");
      for (String line : a.lines().skip(1).toList()) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          m.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      // Not up yet or gone: an empty status, which no condition accepts.
    }
    return m;
  }

  /** Sends a raw admin request to {@code node}. */
  public String call(String node, String request) throws IOException {
    return AdminClient.call(dir.resolve(node + "-data").resolve("admin.sock"), request);
  }

  /** Loads a whole CIB through {@code node}'s daemon, failing with its answer if refused. */
  public void load(String node, String cibXml) throws IOException {
    String answer =
        call(
            node,
            "load "
                + java.util.Base64.getEncoder()
                    .encodeToString(cibXml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    if (!answer.startsWith(org.paceline.daemon.AdminProtocol.OK)) {
      throw new AssertionError("load refused by " + node + ": " + answer);
    }
  }

  /** Waits until {@code cond} holds, failing with {@code what} and the logs at the deadline. */
  public void await(String what, Duration deadline, BooleanSupplier cond)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (cond.getAsBoolean()) {
        return;
      }
      Thread.sleep(POLL_MS);
    }
    throw new AssertionError(
        "timed out after " + deadline + " waiting for: " + what + "\n" + saveLogs() + logs());
  }

  /**
   * Copies every node's whole log to target/harness-logs/ (kept after the test directory is gone)
   * and says where.
   */
  public String saveLogs() {
    try {
      Path to = Path.of("target", "harness-logs", dir.getFileName().toString()).toAbsolutePath();
      Files.createDirectories(to);
      for (String n : roles.keySet()) {
        Path log = dir.resolve(n + ".log");
        if (Files.exists(log)) {
          Files.copy(log, to.resolve(n + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      threadDumps(to);
      return "(whole logs and thread dumps in " + to + ")\n";
    } catch (IOException e) {
      return "(logs not saved: " + e.getMessage() + ")\n";
    }
  }

  /**
   * Writes each running node's thread dump (jcmd Thread.print, from the JDK running the tests) to
   * {@code N.threads} in {@code to}: what a stalled node was doing when a wait gave up.
   */
  private void threadDumps(Path to) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return;
    }
    for (Map.Entry<String, Process> e : procs.entrySet()) {
      if (!e.getValue().isAlive()) {
        continue;
      }
      try {
        Process d =
            new ProcessBuilder(jcmd.toString(), String.valueOf(e.getValue().pid()), "Thread.print")
                .redirectErrorStream(true)
                .redirectOutput(to.resolve(e.getKey() + ".threads").toFile())
                .start();
        if (!d.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          d.destroyForcibly();
        }
      } catch (IOException | InterruptedException ex) {
        // a dump is a diagnostic: the failure being reported matters more
      }
    }
  }

  /** Waits with {@link #DEFAULT_DEADLINE}. */
  public void await(String what, BooleanSupplier cond) throws InterruptedException {
    await(what, DEFAULT_DEADLINE, cond);
  }

  /** Waits until every listed node sees all of them in its view with one agreed DC; returns it. */
  public String awaitFormed(List<String> nodes) throws InterruptedException {
    String[] dc = new String[1];
    await(
        "nodes " + nodes + " formed with one DC",
        () -> {
          String d = null;
          for (String n : nodes) {
            Map<String, String> s = status(n);
            if (!"true".equals(s.get("quorate"))) {
              return false;
            }
            if (!List.of(s.get("view").split(",")).containsAll(nodes)) {
              return false;
            }
            if (d != null && !d.equals(s.get("dc"))) {
              return false;
            }
            d = s.get("dc");
          }
          dc[0] = d;
          return true;
        });
    return dc[0];
  }

  /** The whole log of {@code node} so far ("" when it has none yet). */
  public String log(String node) {
    try {
      return Files.readString(dir.resolve(node + ".log"));
    } catch (IOException e) {
      return "";
    }
  }

  /** The tail of every node's log, for failure messages. */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    for (String n : roles.keySet()) {
      try {
        List<String> lines = Files.readAllLines(dir.resolve(n + ".log"));
        sb.append("--- ").append(n).append(".log (last 25 lines)\n");
        lines.stream().skip(Math.max(0, lines.size() - 25)).forEach(l -> sb.append(l).append('\n'));
      } catch (IOException e) {
        sb.append("--- ").append(n).append(".log unreadable: ").append(e.getMessage()).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws Exception {
    for (var e : procs.entrySet()) {
      Process p = e.getValue();
      // A stopped process cannot die of SIGKILL until the kernel reaps it, but SIGCONT first
      // makes sure no stopped JVM outlives the test.
      new ProcessBuilder("kill", "-CONT", String.valueOf(p.pid())).start().waitFor();
      p.destroyForcibly();
      p.waitFor();
    }
    procs.clear();
    if (!Boolean.getBoolean("paceline.keepTestDirs")) {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A base port with room for every node's transport port and its FD_SOCK2 port (+100), below the
   * ephemeral range ({@link LoopbackPorts}).
   */
  private static int freeBase(int n) throws IOException {
    return LoopbackPorts.freeBase(
        n + 101,
        base -> LoopbackPorts.allFree(base, n) && LoopbackPorts.allFree(base + 100, n + 1));
  }
}
