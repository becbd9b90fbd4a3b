package org.paceline.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running lab built by {@code examples/lab/lab.sh up}: its hosts, VIP and paths, read from {@code
 * LAB/lab.env}, and the few commands the campaign needs (lab.sh, kill, psql through a host's Unix
 * socket). Every command runs with a deadline.
 */
public final class LabSite {
  /** Longest any one lab command may take. */
  static final long COMMAND_TIMEOUT_MS = 15_000;

  final Path lab;
  final String tag;
  final Path labScript;
  final List<String> hosts;
  final List<String> resourceHosts;
  final String vip;
  final String site;

  /** The node attribute that holds the promotion score of the site's PostgreSQL. */
  final String promotionAttr;

  /** The promotion score a healthy synchronous standby has. */
  final String standbyScore;

  /** Whether a failed PostgreSQL is rebuilt by the operator, not by the site's agent. */
  final boolean operatorRebuilds;

  /**
   * Whether the primary's writes wait for a synchronous standby even when none is left (PAF keeps
   * synchronous_standby_names as configured; Paceline's pgsql agent drops it once the lost standby
   * is marked out of sync).
   */
  final boolean writesNeedStandby;

  LabSite(Path lab, String tag, Path labScript) throws IOException {
    this.lab = lab;
    this.tag = tag;
    this.labScript = labScript;
    Map<String, String> env = new HashMap<>();
    Path file = lab.resolve("lab.env");
    if (!Files.isRegularFile(file)) {
      throw new IOException("no lab at " + lab + " (run: examples/lab/lab.sh up cfengine-hub)");
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1).replace("'", ""));
      }
    }
    this.site = env.get("SITE");
    this.vip = env.get("VIP");
    this.promotionAttr = env.getOrDefault("PROMOTION_ATTR", "master-pgsql");
    this.standbyScore = env.getOrDefault("STANDBY_SCORE", "1000");
    this.operatorRebuilds = !env.getOrDefault("REBUILD_AGENT", "").isEmpty();
    this.writesNeedStandby = "1".equals(env.get("WRITES_NEED_STANDBY"));
    this.hosts = words(env.get("HOSTS"));
    this.resourceHosts = words(env.get("RESOURCE_HOSTS"));
    if (site == null || vip == null || resourceHosts.isEmpty()) {
      throw new IOException(file + ": SITE, VIP and RESOURCE_HOSTS are required");
    }
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
  }

  /** The namespace of a host. */
  String ns(String host) {
    return tag + "-" + host;
  }

  /**
   * When lab.sh last cut the host's power (epoch ns, written by its power-off), if that was at or
   * after {@code sinceEpochNs}.
   */
  java.util.OptionalLong powerLostEpochNs(String host, long sinceEpochNs) throws IOException {
    Path f = lab.resolve(host).resolve("power-lost");
    if (!Files.exists(f)) {
      return java.util.OptionalLong.empty();
    }
    try {
      long t = Long.parseLong(Files.readString(f).trim());
      return t >= sinceEpochNs ? java.util.OptionalLong.of(t) : java.util.OptionalLong.empty();
    } catch (NumberFormatException e) {
      throw new IOException(f + ": not a time in ns: " + e.getMessage(), e);
    }
  }

  /** The host's private disk as seen from outside. */
  Path hostDir(String host) {
    return lab.resolve(host).resolve("host");
  }

  Path adminSocket(String host) {
    return hostDir(host).resolve("data").resolve("admin.sock");
  }

  /** Runs lab.sh with this lab's environment; returns its output; throws when it fails. */
  String labSh(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(labScript.toString());
    cmd.addAll(List.of(args));
    return run(cmd, Map.of("PACELINE_LAB", lab.toString(), "PACELINE_LAB_TAG", tag));
  }

  /** Runs a command with a deadline; returns stdout+stderr; throws unless it exits 0. */
  static String run(List<String> cmd, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out;
    try (var in = p.getInputStream()) {
      if (!p.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out after " + COMMAND_TIMEOUT_MS + " ms: " + cmd);
      }
      out = in.readAllBytes();
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(cmd + " exited " + p.exitValue() + ": " + text.strip());
    }
    return text;
  }

  /** Runs a command and answers its exit code and output without throwing on failure. */
  static Result tryRun(List<String> cmd, Map<String, String> env, long timeoutMs)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "");
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), text);
  }

  record Result(int code, String out) {}

  /** The pid of the Paceline daemon of a host, if it runs. */
  Optional<Long> daemonPid(String host) throws IOException, InterruptedException {
    Result r = tryRun(List.of("ip", "netns", "pids", ns(host)), Map.of(), COMMAND_TIMEOUT_MS);
    for (String pid : r.out().split("\\s+")) {
      if (pid.isBlank()) {
        continue;
      }
      Path cmdline = Path.of("/proc", pid, "cmdline");
      try {
        String c = Files.readString(cmdline, StandardCharsets.ISO_8859_1);
        // bin/paceline runs the program's root command; a node started directly runs the
        // daemon's own main.
        if (c.contains("org.paceline.shell.PacelineProgram")
            || c.contains("org.paceline.daemon.PacelineMain")) {
          return Optional.of(Long.parseLong(pid));
        }
      } catch (IOException e) {
        // exited meanwhile
      }
    }
    return Optional.empty();
  }

  /** The postmaster pid of a host's PostgreSQL, if its pid file names a live process. */
  Optional<Long> postmasterPid(String host) {
    try {
      String first =
          Files.readAllLines(hostDir(host).resolve("pg").resolve("postmaster.pid")).get(0).strip();
      long pid = Long.parseLong(first);
      return Files.exists(Path.of("/proc", first)) ? Optional.of(pid) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a host's PostgreSQL accepts writes, asked through its Unix socket (which reaches it
   * even when its network is cut, so an isolated primary still counts).
   */
  boolean writablePrimary(String host) throws IOException, InterruptedException {
    Result r =
        tryRun(
            List.of(
                "runuser",
                "-u",
                "postgres",
                "--",
                "psql",
                "-X",
                "-At",
                "-h",
                hostDir(host).resolve("pgrun").toString(),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                "select not pg_is_in_recovery()"),
            Map.of("PGCONNECT_TIMEOUT", "1"),
            2_000);
    return r.code() == 0 && r.out().strip().equals("t");
  }

  /** Whether a host holds the VIP on an interface that is up. */
  boolean holdsVip(String host) throws IOException, InterruptedException {
    Result r =
        tryRun(
            List.of("ip", "-n", ns(host), "-o", "-4", "addr", "show", "dev", "eth0", "up"),
            Map.of(),
            2_000);
    return r.code() == 0 && r.out().contains(" " + vip + "/");
  }
}
