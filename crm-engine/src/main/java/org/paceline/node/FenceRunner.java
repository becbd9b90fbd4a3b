package org.paceline.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.paceline.cib.Cib;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.fencing.DelayRandom;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.FenceOutcome;
import org.paceline.fencing.FenceRequest;
import org.paceline.fencing.Fencer;
import org.paceline.fencing.HistoryEntry;
import org.paceline.fencing.agents.FenceAgentSettings;
import org.paceline.fencing.config.CibFencing;
import org.paceline.fencing.config.FencingConfig;
import org.paceline.fencing.config.FencingConfigLoad;

/**
 * Carries out the DC's {@link Effect.Fence} with a {@link Fencer} configured from the current CIB
 * ({@link CibFencing}: devices, host maps, topology, stonith-timeout) and answers each request with
 * one {@link Event.FenceResult}. Requests run on their own threads (at most {@link
 * #MAX_CONCURRENT_REQUESTS} at once) because a request may take up to the stonith-timeout; {@link
 * #fence} returns at once. A configuration the fencer cannot use is a failed result naming the
 * problems. The result's detail never holds a secret: devices redact their output, and every secret
 * parameter value of the CIB's stonith resources is masked again here.
 */
public final class FenceRunner implements NodeFencer {
  /** Fencing requests that may run at the same time; more wait their turn. */
  public static final int MAX_CONCURRENT_REQUESTS = 4;

  /** How long {@link #close} waits for running requests. */
  public static final long CLOSE_WAIT_MS = 5_000;

  private static final String MASK = "****";

  private final String origin;
  private final Path agentDir;
  private final FenceHistory history;
  private final FenceClock clock;
  private final DelayRandom random;
  private final Consumer<Event> events;
  private volatile Cib config;
  private final Map<String, Object> targetLocks = new ConcurrentHashMap<>();
  private final ExecutorService requests =
      Executors.newFixedThreadPool(
          MAX_CONCURRENT_REQUESTS,
          r -> {
            Thread t = new Thread(r, "fence-request");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param origin who asks, recorded in the fencing history (the DC's node name)
   * @param agentDir where {@code fence_*} agents are found ({@link CibFencing#DEFAULT_AGENT_DIR})
   * @param events receives each {@link Event.FenceResult}
   */
  public FenceRunner(
      String origin,
      Cib config,
      Path agentDir,
      FenceHistory history,
      FenceClock clock,
      DelayRandom random,
      Consumer<Event> events) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.config = Objects.requireNonNull(config, "config");
    this.agentDir = Objects.requireNonNull(agentDir, "agentDir");
    this.history = Objects.requireNonNull(history, "history");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** A newly committed configuration; requests from now on use its devices. */
  @Override
  public void setConfiguration(Cib cib) {
    this.config = Objects.requireNonNull(cib, "cib");
  }

  /** Starts fencing; the answer arrives as an {@link Event.FenceResult}. */
  @Override
  public void fence(Effect.Fence f) {
    Cib cib = config;
    try {
      // One request per target at a time, so a reboot's late power-on never follows a newer off.
      Object lock = targetLocks.computeIfAbsent(f.target(), t -> new Object());
      requests.execute(
          () -> {
            synchronized (lock) {
              run(cib, f, events::accept);
            }
          });
    } catch (RejectedExecutionException e) {
      events.accept(
          new Event.FenceResult(
              f.target(), false, "fencing of " + f.target() + " refused: the fencer is shut down"));
    }
  }

  /**
   * Fences synchronously and returns the result (the body of {@link #fence}); returns after the
   * power-on of a reboot, which {@link #fence} reports before.
   */
  public Event.FenceResult run(Cib cib, Effect.Fence f) {
    Event.FenceResult[] result = new Event.FenceResult[1];
    run(cib, f, r -> result[0] = r);
    return result[0];
  }

  /**
   * Fences, hands the result to {@code fenced} as soon as it is known (a reboot once the target is
   * confirmed off), then waits for the reboot's power-on before releasing the devices.
   */
  private void run(Cib cib, Effect.Fence f, Consumer<Event.FenceResult> fenced) {
    FencingConfigLoad load = CibFencing.load(cib, agentDir);
    if (load.config() == null) {
      fenced.accept(
          new Event.FenceResult(
              f.target(),
              false,
              mask(
                  cib,
                  "cannot fence "
                      + f.target()
                      + ": the fencing configuration is unusable: "
                      + String.join("; ", load.problems()))));
      return;
    }
    FencingConfig c = load.config();
    FenceAction action;
    if (f.action() == null || f.action().isBlank()) {
      action = c.defaultAction();
    } else {
      switch (f.action().trim()) {
        case "reboot" -> action = FenceAction.REBOOT;
        case "off", "poweroff" -> action = FenceAction.OFF;
        default -> {
          fenced.accept(
              new Event.FenceResult(
                  f.target(),
                  false,
                  "cannot fence "
                      + f.target()
                      + ": action must be reboot or off, got "
                      + f.action()));
          return;
        }
      }
    }
    try (Fencer fencer =
        new Fencer(
            c.devices(), c.settings(), c.topology(), c.fencerSettings(), clock, random, history)) {
      FenceOutcome o = fencer.fence(new FenceRequest(f.target(), action, origin));
      fenced.accept(new Event.FenceResult(f.target(), o.fenced(), mask(cib, describe(o))));
      // Closing the fencer would cut the power-on short.
      fencer.awaitPowerOn(f.target(), c.fencerSettings().fencingTimeoutMs());
    }
  }

  /** The outcome and every device call, for the log and the status. */
  private static String describe(FenceOutcome o) {
    List<String> parts = new ArrayList<>();
    parts.add(o.message());
    for (HistoryEntry a : o.attempts()) {
      parts.add(
          "level "
              + a.level()
              + " "
              + a.device()
              + " "
              + a.action().word()
              + ": "
              + a.result()
              + " in "
              + a.durationMs()
              + " ms"
              + (a.message() == null || a.message().isEmpty() ? "" : " (" + a.message() + ")"));
    }
    return String.join("; ", parts);
  }

  /** Masks every secret parameter value of the CIB's stonith resources. */
  static String mask(Cib cib, String text) {
    String out = text;
    List<String> secrets =
        org.paceline.cib.TemplateExpansion.expand(cib)
            .configuration()
            .allResources()
            .filter(r -> r instanceof Primitive p && "stonith".equals(p.resourceClass()))
            .flatMap(r -> ((Primitive) r).instanceAttributes().stream())
            .map(NvSet::nvpairs)
            .flatMap(List::stream)
            .filter(
                p ->
                    FenceAgentSettings.SECRET_KEYS.contains(p.name())
                        && p.value() != null
                        && !p.value().isEmpty())
            .map(NvPair::value)
            // Longest first, so a secret containing another is masked whole.
            .sorted((a, b) -> Integer.compare(b.length(), a.length()))
            .toList();
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /** Stops taking requests and waits a little for running ones. */
  @Override
  public void close() {
    requests.shutdown();
    try {
      if (!requests.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
        requests.shutdownNow();
      }
    } catch (InterruptedException e) {
      requests.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
