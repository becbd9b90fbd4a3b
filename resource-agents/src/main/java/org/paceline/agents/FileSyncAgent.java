package org.paceline.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Built-in agent {@code ocf:paceline:filesync}: while active, mirrors {@code source_dir} of this
 * (the active) node to every standby target with rsync, at start and then every {@code interval_s}.
 * Monitor: 0 when every target's last sync succeeded, 190 (degraded) when some target failed (a
 * standby that is down must not fail the active hub), 7 when not started. The sync loop lives in
 * this process: after a restart the probe says 7 and the cluster starts it again. Targets are rsync
 * destinations ({@code host:/path/} over ssh, or a local path).
 */
public final class FileSyncAgent implements ResourceAgent {
  public static final AgentId ID = AgentId.ocf("paceline", "filesync");

  private final CommandRunner commands;
  private final ScheduledExecutorService loops =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "filesync");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Loop> active = new ConcurrentHashMap<>();

  /** One running mirror loop and the last outcome per target. */
  private static final class Loop {
    final Map<String, CommandResult> lastByTarget = new ConcurrentHashMap<>();
    volatile ScheduledFuture<?> future;
  }

  public FileSyncAgent(CommandRunner commands) {
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
            p("source_dir", true, "", "Directory mirrored from the active node"),
            p("targets", true, "", "Blank-separated rsync destinations (host:/path/ or /path/)"),
            p("interval_s", false, "10", "Seconds between syncs"),
            p(
                "rsync_options",
                false,
                "-a --delete --checksum",
                "rsync options (argv words, no shell)"));
    List<ActionSpec> actions = new ArrayList<>();
    for (String a : List.of("start", "stop", "monitor", "validate-all", "meta-data")) {
      actions.add(
          new ActionSpec(
              a,
              Optional.of(a.equals("start") ? 120_000L : 20_000L),
              Optional.empty(),
              Optional.empty()));
    }
    return new AgentMetadata(
        "filesync", "1.0", "Mirror a directory to standbys", "", params, actions);
  }

  private static ParameterSpec p(String name, boolean required, String def, String desc) {
    return new ParameterSpec(
        name, required, false, "string", def.isEmpty() ? Optional.empty() : Optional.of(def), desc);
  }

  private record Config(Path source, List<String> targets, long intervalS, List<String> options) {}

  @Override
  public ActionResult execute(ActionRequest request) {
    long startNs = System.nanoTime();
    ActionResult r;
    try {
      Config cfg = config(request);
      r =
          switch (request.action()) {
            case START -> start(request, cfg);
            case STOP -> stop(request);
            case MONITOR -> monitor(request);
            case VALIDATE_ALL -> ok(request);
            default ->
                fail(request, OcfExitCode.UNIMPLEMENTED, request.action() + " not implemented");
          };
    } catch (IllegalArgumentException e) {
      r = fail(request, OcfExitCode.NOT_CONFIGURED, e.getMessage());
    }
    return ActionResult.of(
        r.action(), r.rc(), r.exitReason(), (System.nanoTime() - startNs) / 1_000_000);
  }

  private Config config(ActionRequest request) {
    Map<String, String> p = request.parameters();
    String source = p.getOrDefault("source_dir", "");
    String targets = p.getOrDefault("targets", "").strip();
    if (source.isEmpty() || targets.isEmpty()) {
      throw new IllegalArgumentException(
          "resource " + request.resourceId() + ": parameters source_dir and targets are required");
    }
    if (!Files.isDirectory(Path.of(source))) {
      throw new IllegalArgumentException("source_dir " + source + " is not a directory");
    }
    long interval;
    try {
      interval = Long.parseLong(p.getOrDefault("interval_s", "10"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "interval_s '" + p.get("interval_s") + "' is not a number");
    }
    if (interval <= 0) {
      throw new IllegalArgumentException("interval_s must be positive");
    }
    return new Config(
        Path.of(source),
        Arrays.asList(targets.split("\\s+")),
        interval,
        Arrays.asList(
            p.getOrDefault("rsync_options", "-a --delete --checksum").strip().split("\\s+")));
  }

  private void syncAll(Config cfg, Loop loop, long timeoutMs) {
    for (String target : cfg.targets) {
      List<String> argv = new ArrayList<>(List.of("rsync"));
      argv.addAll(cfg.options);
      // Trailing slash: copy the directory's contents, not the directory itself.
      argv.add(cfg.source + "/");
      argv.add(target);
      loop.lastByTarget.put(target, commands.run(argv, timeoutMs));
    }
  }

  private ActionResult start(ActionRequest request, Config cfg) {
    if (active.containsKey(request.resourceId())) {
      return ok(request);
    }
    Loop loop = new Loop();
    syncAll(cfg, loop, request.timeoutMs());
    if (loop.lastByTarget.values().stream().anyMatch(r -> r.exitStatus() == 127)) {
      return fail(request, OcfExitCode.NOT_INSTALLED, "rsync is not installed");
    }
    long periodMs = cfg.intervalS * 1000;
    loop.future =
        loops.scheduleWithFixedDelay(
            () -> syncAll(cfg, loop, periodMs * 3), periodMs, periodMs, TimeUnit.MILLISECONDS);
    active.put(request.resourceId(), loop);
    return ok(request);
  }

  private ActionResult stop(ActionRequest request) {
    Loop loop = active.remove(request.resourceId());
    if (loop != null && loop.future != null) {
      loop.future.cancel(false);
    }
    return ok(request);
  }

  private ActionResult monitor(ActionRequest request) {
    Loop loop = active.get(request.resourceId());
    if (loop == null) {
      return fail(request, OcfExitCode.NOT_RUNNING, "");
    }
    List<String> failing = new ArrayList<>();
    loop.lastByTarget.forEach(
        (target, r) -> {
          if (!r.ok()) {
            failing.add(
                target + ": " + r.message().lines().findFirst().orElse("exit " + r.exitStatus()));
          }
        });
    if (failing.isEmpty()) {
      return ok(request);
    }
    failing.sort(null);
    return fail(request, OcfExitCode.DEGRADED, "sync failing to " + String.join("; ", failing));
  }

  private static ActionResult ok(ActionRequest r) {
    return ActionResult.of(r.action(), OcfExitCode.SUCCESS, "", 0);
  }

  private static ActionResult fail(ActionRequest r, OcfExitCode rc, String reason) {
    return ActionResult.of(r.action(), rc, reason, 0);
  }
}
