package org.paceline.agents;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.process.ProcessTreeKiller;

/**
 * Built-in agent {@code ocf:paceline:policy-server}: a policy server daemon such as CFEngine's
 * {@code cf-serverd}. The policy is validated first with a configurable command, because cf-serverd
 * silently falls back to a built-in policy listening on all interfaces when its policy is invalid.
 * Health = the daemon's pid is alive and its TCP port accepts connections.
 */
public final class PolicyServerAgent implements ResourceAgent {
  public static final AgentId ID = AgentId.ocf("paceline", "policy-server");

  /** How often start polls the port while the daemon comes up. */
  private static final long POLL_MS = 50;

  private final CommandRunner commands;

  public PolicyServerAgent(CommandRunner commands) {
    this.commands = commands;
  }

  @Override
  public AgentId id() {
    return ID;
  }

  @Override
  public AgentMetadata metadata() {
    List<ParameterSpec> params =
        List.of(
            p("policy_file", true, "", "Policy file given to both commands"),
            p(
                "server_command",
                false,
                "/usr/bin/cf-serverd -F -K -f",
                "Daemon argv (foreground), policy appended"),
            p(
                "validate_command",
                false,
                "/usr/bin/cf-promises -c -f",
                "Validation argv, policy appended"),
            p("address", false, "127.0.0.1", "Address the health check connects to"),
            p("port", false, "5308", "Port the health check connects to"),
            p("pidfile", false, "", "Pid file (default /run/paceline-policy-server-INSTANCE.pid)"),
            p(
                "logfile",
                false,
                "",
                "Daemon output (default /var/log/paceline-policy-server-INSTANCE.log)"));
    List<ActionSpec> actions = new ArrayList<>();
    for (String a : List.of("start", "stop", "monitor", "validate-all", "meta-data")) {
      actions.add(
          new ActionSpec(
              a,
              Optional.of(a.equals("meta-data") ? 5_000L : 20_000L),
              Optional.empty(),
              Optional.empty()));
    }
    return new AgentMetadata(
        "policy-server", "1.0", "Policy server (cf-serverd)", "", params, actions);
  }

  private static ParameterSpec p(String name, boolean required, String def, String desc) {
    return new ParameterSpec(
        name, required, false, "string", def.isEmpty() ? Optional.empty() : Optional.of(def), desc);
  }

  private record Config(
      Path policy,
      List<String> server,
      List<String> validate,
      String address,
      int port,
      Path pidfile,
      Path logfile) {}

  @Override
  public ActionResult execute(ActionRequest request) {
    long startNs = System.nanoTime();
    long deadlineNs = startNs + request.timeoutMs() * 1_000_000L;
    ActionResult r;
    try {
      Config cfg = config(request);
      r =
          switch (request.action()) {
            case START -> start(request, cfg, deadlineNs);
            case STOP -> stop(request, cfg, deadlineNs);
            case MONITOR -> monitor(request, cfg);
            case VALIDATE_ALL -> validate(request, cfg, deadlineNs);
            default ->
                fail(request, OcfExitCode.UNIMPLEMENTED, request.action() + " not implemented");
          };
    } catch (IllegalArgumentException e) {
      r = fail(request, OcfExitCode.NOT_CONFIGURED, e.getMessage());
    } catch (IOException e) {
      r = fail(request, OcfExitCode.GENERIC_ERROR, e.getMessage());
    }
    return ActionResult.of(
        r.action(), r.rc(), r.exitReason(), (System.nanoTime() - startNs) / 1_000_000);
  }

  private Config config(ActionRequest request) {
    Map<String, String> p = request.parameters();
    String policy = p.getOrDefault("policy_file", "");
    if (policy.isEmpty()) {
      throw new IllegalArgumentException(
          "resource " + request.resourceId() + ": parameter policy_file is required");
    }
    int port;
    try {
      port = Integer.parseInt(p.getOrDefault("port", "5308"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + p.get("port") + "' is not a number");
    }
    String inst = request.resourceId().replace(':', '_');
    return new Config(
        Path.of(policy),
        words(p.getOrDefault("server_command", "/usr/bin/cf-serverd -F -K -f")),
        words(p.getOrDefault("validate_command", "/usr/bin/cf-promises -c -f")),
        p.getOrDefault("address", "127.0.0.1"),
        port,
        Path.of(p.getOrDefault("pidfile", "/run/paceline-policy-server-" + inst + ".pid")),
        Path.of(p.getOrDefault("logfile", "/var/log/paceline-policy-server-" + inst + ".log")));
  }

  private static List<String> words(String command) {
    // Split on blanks only: commands are argv, never passed to a shell.
    return Arrays.stream(command.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  private ActionResult validate(ActionRequest request, Config cfg, long deadlineNs) {
    if (!Files.isExecutable(Path.of(cfg.server.get(0)))) {
      return fail(request, OcfExitCode.NOT_INSTALLED, cfg.server.get(0) + " is not installed");
    }
    if (!Files.isReadable(cfg.policy)) {
      return fail(
          request, OcfExitCode.NOT_CONFIGURED, "policy file " + cfg.policy + " cannot be read");
    }
    List<String> argv = new ArrayList<>(cfg.validate);
    argv.add(cfg.policy.toString());
    CommandResult r = commands.run(argv, (deadlineNs - System.nanoTime()) / 1_000_000);
    if (r.exitStatus() == 127) {
      return fail(request, OcfExitCode.NOT_INSTALLED, cfg.validate.get(0) + " is not installed");
    }
    if (!r.ok()) {
      String first = (r.stderr() + r.stdout()).strip().lines().findFirst().orElse("");
      return fail(
          request, OcfExitCode.NOT_CONFIGURED, "policy " + cfg.policy + " is invalid: " + first);
    }
    return ok(request);
  }

  private Optional<ProcessHandle> running(Config cfg) throws IOException {
    if (!Files.exists(cfg.pidfile)) {
      return Optional.empty();
    }
    String text = Files.readString(cfg.pidfile).strip();
    try {
      return ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private boolean accepts(Config cfg, int timeoutMs) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(cfg.address, cfg.port), timeoutMs);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private ActionResult monitor(ActionRequest request, Config cfg) throws IOException {
    if (running(cfg).isEmpty()) {
      return fail(request, OcfExitCode.NOT_RUNNING, "");
    }
    return accepts(cfg, 1_000)
        ? ok(request)
        : fail(
            request,
            OcfExitCode.GENERIC_ERROR,
            "policy server runs but " + cfg.address + ":" + cfg.port + " refuses connections");
  }

  private ActionResult start(ActionRequest request, Config cfg, long deadlineNs)
      throws IOException {
    ActionResult valid = validate(request, cfg, deadlineNs);
    if (valid.rc() != OcfExitCode.SUCCESS) {
      return valid;
    }
    if (monitor(request, cfg).rc() == OcfExitCode.SUCCESS) {
      return ok(request);
    }
    List<String> argv = new ArrayList<>();
    if (ProcessTreeKiller.canUseSessions()) {
      argv.add(ProcessTreeKiller.SETSID.toString()); // its own session: outlives this JVM's group
    }
    argv.addAll(cfg.server);
    argv.add(cfg.policy.toString());
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(cfg.logfile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Files.writeString(cfg.pidfile, p.pid() + "\n");
    while (System.nanoTime() < deadlineNs) {
      if (!p.isAlive()) {
        return fail(
            request,
            OcfExitCode.GENERIC_ERROR,
            "policy server exited with status " + p.exitValue() + " (see " + cfg.logfile + ")");
      }
      if (accepts(cfg, (int) POLL_MS)) {
        return ok(request);
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ProcessTreeKiller.killTree(p.toHandle(), ProcessTreeKiller.canUseSessions());
    return fail(
        request,
        OcfExitCode.GENERIC_ERROR,
        "policy server did not listen on "
            + cfg.address
            + ":"
            + cfg.port
            + " before the start timeout");
  }

  private ActionResult stop(ActionRequest request, Config cfg, long deadlineNs) throws IOException {
    Optional<ProcessHandle> h = running(cfg);
    if (h.isPresent()) {
      h.get().destroy();
      // Leave a quarter of the timeout for the hard kill.
      long graceMs = Math.max(100, (deadlineNs - System.nanoTime()) / 1_000_000 * 3 / 4);
      try {
        h.get().onExit().get(graceMs, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        ProcessTreeKiller.killTree(h.get(), ProcessTreeKiller.canUseSessions());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException(e);
      }
    }
    Files.deleteIfExists(cfg.pidfile);
    return ok(request);
  }

  private static ActionResult ok(ActionRequest r) {
    return ActionResult.of(r.action(), OcfExitCode.SUCCESS, "", 0);
  }

  private static ActionResult fail(ActionRequest r, OcfExitCode rc, String reason) {
    return ActionResult.of(r.action(), rc, reason, 0);
  }
}
