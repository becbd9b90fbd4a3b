package org.paceline.fencing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Executes fence requests: walks the fencing topology for the target (levels lowest first, every
 * device of a level must succeed, a failed level passes to the next), maps the target to each
 * device's plug, applies each device's delay, limit and retries within the cluster-wide fencing
 * timeout, and records every device call in the {@link FenceHistory}. Without a topology level for
 * the target, every device whose host map covers it is tried in turn, each as its own level.
 *
 * <p>A reboot is done as off on every device of the level (two power supplies: both), then on. The
 * target counts as fenced once every device has confirmed it off: from then on it runs nothing, so
 * recovery need not wait for it to power up again (Pacemaker waits for the whole reboot, which
 * costs a BMC round trip or more on every failover). The power-on runs in the background and is
 * recorded in the history like every other call; a new request for the same target first waits for
 * it, so an off can never be overtaken by a late on.
 */
public final class Fencer implements AutoCloseable {
  private final Map<String, FenceDevice> devices;
  private final Map<String, DeviceSettings> settings;
  private final List<TopologyLevel> topology;
  private final FencerSettings fencerSettings;
  private final FenceClock clock;
  private final DelayRandom random;
  private final FenceHistory history;
  // The background power-on of each target whose reboot already returned at "off".
  private final Map<String, Future<?>> powerOns = new ConcurrentHashMap<>();
  // Device calls run here so the fencer can abandon one that ignores its own limit.
  private final ExecutorService calls =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fence-call");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param devices the devices by id
   * @param settings each device's settings by id (a device without settings gets defaults)
   * @param topology the fencing levels (may be empty)
   */
  public Fencer(
      Map<String, FenceDevice> devices,
      Map<String, DeviceSettings> settings,
      List<TopologyLevel> topology,
      FencerSettings fencerSettings,
      FenceClock clock,
      DelayRandom random,
      FenceHistory history) {
    this.devices = new LinkedHashMap<>(devices);
    this.settings = new LinkedHashMap<>(settings);
    this.topology = List.copyOf(topology);
    this.fencerSettings = fencerSettings;
    this.clock = clock;
    this.random = random;
    this.history = history;
  }

  private DeviceSettings settingsOf(String id) {
    return settings.getOrDefault(id, DeviceSettings.defaults(id));
  }

  /** The levels that apply to {@code target}, lowest index first, implicit ones if none. */
  public List<TopologyLevel> levelsFor(String target) {
    List<TopologyLevel> explicit =
        topology.stream()
            .filter(l -> l.targets(target))
            .sorted(Comparator.comparingInt(TopologyLevel::index))
            .toList();
    if (!explicit.isEmpty()) {
      return explicit;
    }
    List<TopologyLevel> implicit = new ArrayList<>();
    for (String id : devices.keySet()) {
      if (settingsOf(id).hostMap().plugFor(target).isPresent()
          && implicit.size() < TopologyLevel.MAX_INDEX) {
        implicit.add(TopologyLevel.of(target, implicit.size() + 1, id));
      }
    }
    return implicit;
  }

  /** Fences the request's target; never throws for a device failure. */
  public FenceOutcome fence(FenceRequest request) {
    Instant deadline = clock.now().plusMillis(fencerSettings.fencingTimeoutMs());
    List<HistoryEntry> attempts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (!awaitPowerOn(request.target(), Duration.between(clock.now(), deadline).toMillis())) {
      // Powering off now could be undone by that power-on a moment later.
      return failed(
          request,
          attempts,
          "fencing of "
              + request.target()
              + " refused: the power-on of its previous reboot has not finished within the"
              + " fencing timeout of "
              + fencerSettings.fencingTimeoutMs()
              + " ms");
    }
    List<TopologyLevel> levels = levelsFor(request.target());
    if (levels.isEmpty()) {
      return failed(
          request,
          attempts,
          "no fence device can fence "
              + request.target()
              + " (check pcmk_host_map/pcmk_host_list and the fencing topology)");
    }
    for (TopologyLevel level : levels) {
      Optional<String> failure = runLevel(request, level, deadline, attempts, problems);
      if (failure.isEmpty()) {
        return new FenceOutcome(
            request,
            true,
            level.index(),
            attempts,
            request.target()
                + " fenced ("
                + request.action().word()
                + ") by level "
                + level.index()
                + " "
                + level.deviceIds()
                + (request.action() == FenceAction.REBOOT ? ", off confirmed; powering on" : "")
                + historyNote(problems));
      }
      problems.add("level " + level.index() + ": " + failure.get());
      if (!clock.now().isBefore(deadline)) {
        problems.add("fencing timeout of " + fencerSettings.fencingTimeoutMs() + " ms reached");
        break;
      }
    }
    return failed(
        request,
        attempts,
        "fencing of "
            + request.target()
            + " failed: "
            + String.join("; ", problems)
            + ". If the node is known to be down, confirm it with: crm fencing confirm "
            + request.target());
  }

  private static FenceOutcome failed(
      FenceRequest request, List<HistoryEntry> attempts, String message) {
    return new FenceOutcome(request, false, 0, attempts, message);
  }

  private static String historyNote(List<String> problems) {
    return problems.isEmpty() ? "" : " after: " + String.join("; ", problems);
  }

  /** Runs one level; empty when every device succeeded, else why it failed. */
  private Optional<String> runLevel(
      FenceRequest request,
      TopologyLevel level,
      Instant deadline,
      List<HistoryEntry> attempts,
      List<String> problems) {
    Map<String, String> plugs = new LinkedHashMap<>();
    for (String id : level.deviceIds()) {
      if (!devices.containsKey(id)) {
        return Optional.of("device " + id + " is not configured");
      }
      Optional<String> plug = settingsOf(id).hostMap().plugFor(request.target());
      if (plug.isEmpty()) {
        return Optional.of("device " + id + " cannot fence " + request.target() + " (host map)");
      }
      plugs.put(id, plug.get());
    }
    // Delays are per device, as in Pacemaker; applied once before its first call in this level.
    for (String id : level.deviceIds()) {
      DeviceSettings s = settingsOf(id);
      long delayMs = s.delayBaseMs() + random.nextDelayMs(s.delayMaxMs());
      if (delayMs > 0) {
        long remaining = Duration.between(clock.now(), deadline).toMillis();
        try {
          clock.sleep(Math.min(delayMs, Math.max(remaining, 0)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.of("interrupted during the delay of " + id);
        }
      }
    }
    boolean reboot = request.action() == FenceAction.REBOOT;
    FenceAction first = reboot ? FenceAction.OFF : request.action();
    for (String id : level.deviceIds()) {
      Optional<String> f =
          runDevice(request, level.index(), id, plugs.get(id), first, deadline, attempts, problems);
      if (f.isPresent()) {
        return f;
      }
    }
    if (reboot) {
      powerOnLater(request, level, plugs);
    }
    return Optional.empty();
  }

  /** Powers the target on through every device of the level, in the background. */
  private void powerOnLater(FenceRequest request, TopologyLevel level, Map<String, String> plugs) {
    Runnable on =
        () -> {
          // Its own limit: the request's fencing timeout no longer applies once the node is off.
          Instant deadline = clock.now().plusMillis(fencerSettings.fencingTimeoutMs());
          // Every call lands in the history; nobody waits for the outcome itself.
          List<HistoryEntry> attempts = new ArrayList<>();
          List<String> problems = new ArrayList<>();
          for (String id : level.deviceIds()) {
            runDevice(
                request,
                level.index(),
                id,
                plugs.get(id),
                FenceAction.ON,
                deadline,
                attempts,
                problems);
          }
        };
    powerOns.put(request.target(), calls.submit(on));
  }

  /**
   * Waits until the background power-on of {@code target}'s last reboot, if any, has finished;
   * false if it is still running after {@code timeoutMs}.
   */
  public boolean awaitPowerOn(String target, long timeoutMs) {
    Future<?> pending = powerOns.get(target);
    if (pending == null) {
      return true;
    }
    try {
      pending.get(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      // runDevice records failures itself and does not throw; nothing more to report here.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    powerOns.remove(target, pending);
    return true;
  }

  private Optional<String> runDevice(
      FenceRequest request,
      int levelIndex,
      String id,
      String plug,
      FenceAction action,
      Instant deadline,
      List<HistoryEntry> attempts,
      List<String> problems) {
    DeviceSettings s = settingsOf(id);
    String last = "not attempted";
    for (int attempt = 0; attempt <= s.maxRetries(); attempt++) {
      long remaining = Duration.between(clock.now(), deadline).toMillis();
      if (remaining <= 0) {
        return Optional.of(id + ": " + last + "; fencing timeout reached before retrying");
      }
      long limitMs = Math.min(s.actionTimeoutMs(), remaining);
      Instant start = clock.now();
      DeviceResult r = call(devices.get(id), action, plug, limitMs);
      Instant end = clock.now();
      HistoryEntry e =
          new HistoryEntry(
              end,
              request.origin(),
              request.target(),
              id,
              levelIndex,
              action,
              resultOf(r),
              Duration.between(start, end).toMillis(),
              r.message());
      attempts.add(e);
      try {
        history.append(e);
      } catch (IOException ex) {
        problems.add("history " + history.file() + " not written: " + ex.getMessage());
      }
      if (r.ok()) {
        return Optional.empty();
      }
      last = r.message();
    }
    return Optional.of(id + ": " + last + " (after " + (s.maxRetries() + 1) + " attempts)");
  }

  private static HistoryResult resultOf(DeviceResult r) {
    if (r instanceof DeviceResult.Ok) {
      return HistoryResult.SUCCEEDED;
    }
    return r instanceof DeviceResult.TimedOut ? HistoryResult.TIMED_OUT : HistoryResult.FAILED;
  }

  private DeviceResult call(FenceDevice d, FenceAction action, String plug, long limitMs) {
    Future<DeviceResult> f = calls.submit(() -> d.execute(action, plug, limitMs));
    try {
      return f.get(limitMs + fencerSettings.callGraceMs(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new DeviceResult.TimedOut(
          limitMs, d.id() + " " + action.word() + " did not finish within " + limitMs + " ms");
    } catch (ExecutionException e) {
      // A device that throws has broken its contract; report it as a failure of that device
      // rather than abandoning the whole request, so the next level still gets its turn.
      return new DeviceResult.Failed(
          d.id()
              + " "
              + action.word()
              + " raised "
              + e.getCause().getClass().getSimpleName()
              + ": "
              + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new DeviceResult.Failed(d.id() + " " + action.word() + " interrupted");
    }
  }

  /** Records an operator's confirmation that {@code target} is down. */
  public static HistoryEntry confirm(
      FenceHistory history, FenceClock clock, String target, String origin) throws IOException {
    HistoryEntry e =
        new HistoryEntry(
            clock.now(),
            origin,
            target,
            null,
            0,
            FenceAction.OFF,
            HistoryResult.CONFIRMED_BY_OPERATOR,
            0,
            "operator confirmed " + target + " is down; no device acted");
    history.append(e);
    return e;
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
