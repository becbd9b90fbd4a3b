package org.paceline.replication;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.paceline.daemon.AdminClient;
import org.paceline.membership.ClusterKey;

/**
 * Runs real Paceline daemons as separate JVMs on loopback for tests and the benchmark: writes the
 * bootstrap files, generates the key, starts, kills (-9), stops (SIGSTOP) and resumes nodes, and
 * queries them over their admin sockets. {@link #close()} kills every child, stopped or not.
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
  private final Path key;

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
    this.key = dir.resolve("cluster.key");
    ClusterKey.generate(key);
    for (String n : members.keySet()) {
      writeConfig(n, key);
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
      writeConfig(n, key);
    }
  }

  private final Map<String, String> nodeYaml = new LinkedHashMap<>();

  /** Extra top-level bootstrap keys for one node (e.g. its http port); rewrites its file. */
  public void extraConfig(String node, String yamlLines) throws IOException {
    nodeYaml.put(node, yamlLines.endsWith("\n") ? yamlLines : yamlLines + "\n");
    writeConfig(node, key);
  }

  /** The bootstrap file of {@code node}. */
  public Path configFile(String node) {
    return dir.resolve(node + ".yaml");
  }

  /** Rewrites a node's bootstrap file with another key file (for the wrong-key test). */
  public void writeConfig(String node, Path keyFile) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("cluster_name: test\n");
    y.append("node_name: ").append(node).append('\n');
    y.append("data_dir: ").append(dir.resolve(node + "-data")).append('\n');
    y.append("key_file: ").append(keyFile).append('\n');
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

  /** Starts {@code node}'s daemon (again, after a kill: same data dir). */
  public void start(String node) throws IOException {
    // Its own session and process group, as a separate machine would be: a simulated power-off
    // (fence_paceline_demo) kills the group.
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.addAll(prefixes.getOrDefault(node, List.of()));
    if (launchers.containsKey(node)) {
      cmd.addAll(launchers.get(node));
    } else {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(CHILD_JVM);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("org.paceline.daemon.PacelineMain");
    }
    cmd.add("--config");
    cmd.add(configFile(node).toString());
    File log = dir.resolve(node + ".log").toFile();
    Files.createDirectories(runDir(node));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    // Agents keep their state files here (HA_RSCTMP): one "machine" per node on one host.
    pb.environment().put("HA_RSCTMP", runDir(node).toString());
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
        "timed out after " + deadline + " waiting for: " + what + "\n" + logs());
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

  /** A base port with room for every node's transport port and its FD_SOCK2 port (+100). */
  private static int freeBase(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (allFree(base, n) && allFree(base + 100, n + 1)) {
        return base;
      }
    }
    throw new IOException("no free loopback port range found");
  }

  private static boolean allFree(int base, int n) {
    for (int p = base; p < base + n; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
