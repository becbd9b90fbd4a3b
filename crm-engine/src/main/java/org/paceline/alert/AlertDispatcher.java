package org.paceline.alert;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.paceline.cib.Configuration;
import org.paceline.process.ProcessLimits;
import org.paceline.process.ProcessResult;
import org.paceline.process.ProcessRunner;

/**
 * Runs a node's alert agents: each event goes to every alert × recipient that selects it, one agent
 * process each, with Pacemaker's {@code CRM_alert_*} environment and the alert's instance
 * attributes, no shell, and the alert's timeout. The caller never waits: events are queued and the
 * agents run on the dispatcher's own threads.
 *
 * <p>Pacemaker fires and forgets. Here a delivery whose agent fails (a non-zero exit, a timeout, an
 * agent that cannot be started) is retried with a doubling backoff (1 s up to 60 s) until it
 * succeeds or {@link #EXPIRY_MS} has passed since the event; at most {@link #MAX_PENDING}
 * deliveries wait at once, beyond that new ones are dropped and said so in the log. Agent
 * parameters are never logged (an SMTP password may be one).
 */
public final class AlertDispatcher implements AutoCloseable {
  /** How long a failing delivery is retried. */
  public static final long EXPIRY_MS = 10 * 60_000;

  /** The most deliveries waiting (running or to be retried) at once. */
  public static final int MAX_PENDING = 1_000;

  static final long FIRST_RETRY_MS = 1_000;
  static final long MAX_RETRY_MS = 60_000;

  /** The Pacemaker version agents are told (CRM_alert_version); the release Paceline follows. */
  public static final String VERSION = "2.1.5";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String DEFAULT_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

  private final Consumer<String> log;
  private final LongSupplier monotonicMs;
  private final ZoneId zone;
  private final ProcessRunner runner = new ProcessRunner(ProcessLimits.DEFAULTS);
  private final ExecutorService agents;
  private final ScheduledExecutorService retries;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile List<Alert> alerts = List.of();
  private volatile List<String> problems = List.of();

  /**
   * A dispatcher with no alerts until {@link #configure}.
   *
   * @param log receives one line per failed delivery, retry given up, or problem in the section
   */
  public AlertDispatcher(Consumer<String> log) {
    this(log, () -> System.nanoTime() / 1_000_000, ZoneId.systemDefault());
  }

  AlertDispatcher(Consumer<String> log, LongSupplier monotonicMs, ZoneId zone) {
    this.log = log;
    this.monotonicMs = monotonicMs;
    this.zone = zone;
    this.agents =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "alert-agent");
              t.setDaemon(true);
              return t;
            });
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "alert-retry");
              t.setDaemon(true);
              return t;
            });
  }

  /** Takes the alerts of {@code c} for the events from now on; logs what it cannot use, once. */
  public void configure(Configuration c) {
    Alert.Section s = Alert.of(c);
    if (!s.problems().equals(problems)) {
      s.problems().forEach(p -> log.accept("alerts: " + p));
    }
    problems = s.problems();
    alerts = s.alerts();
  }

  /** Uses {@code targets} instead of a configuration's alerts (tests). */
  void use(List<Alert> targets) {
    alerts = List.copyOf(targets);
  }

  /** The alerts events go to now. */
  public List<Alert> alerts() {
    return alerts;
  }

  /** Queues {@code e} for every alert that selects it; returns at once. */
  public void send(AlertEvent e) {
    List<Alert> now = alerts;
    if (now.isEmpty()) {
      return;
    }
    long seq = sequence.incrementAndGet();
    for (Alert a : now) {
      if (!a.wants(e)) {
        continue;
      }
      if (pending.incrementAndGet() > MAX_PENDING) {
        pending.decrementAndGet();
        log.accept(
            "alerts: "
                + MAX_PENDING
                + " deliveries are waiting; the "
                + e.kind().wireName()
                + " event "
                + seq
                + " for "
                + a.id()
                + " is dropped");
        continue;
      }
      submit(new Delivery(a, e, seq, 0, monotonicMs.getAsLong()));
    }
  }

  private record Delivery(
      Alert alert, AlertEvent event, long sequence, int attempt, long firstMs) {}

  private void submit(Delivery d) {
    try {
      agents.execute(() -> run(d));
    } catch (RejectedExecutionException closed) {
      pending.decrementAndGet();
    }
  }

  private void run(Delivery d) {
    String failure;
    try {
      ProcessResult r =
          runner.run(
              List.of(d.alert().path()),
              environment(d.alert(), d.event(), d.sequence()),
              null,
              Path.of("/"),
              d.alert().timeoutMs());
      if (r.exitCode() == 0 && !r.timedOut()) {
        pending.decrementAndGet();
        return;
      }
      failure =
          r.timedOut()
              ? "timed out after " + d.alert().timeoutMs() + " ms"
              : "exit " + r.exitCode();
    } catch (IOException | RuntimeException e) {
      failure = "cannot run " + d.alert().path() + ": " + e.getMessage();
    }
    long age = monotonicMs.getAsLong() - d.firstMs();
    String what = d.event().kind().wireName() + " event " + d.sequence() + " to " + d.alert().id();
    if (age >= EXPIRY_MS) {
      pending.decrementAndGet();
      log.accept(
          "alerts: "
              + what
              + " failed ("
              + failure
              + "); given up after "
              + (d.attempt() + 1)
              + " attempts");
      return;
    }
    long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(d.attempt(), 16));
    log.accept("alerts: " + what + " failed (" + failure + "); retrying in " + delay + " ms");
    Delivery next = new Delivery(d.alert(), d.event(), d.sequence(), d.attempt() + 1, d.firstMs());
    try {
      retries.schedule(() -> submit(next), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      pending.decrementAndGet();
    }
  }

  /** The complete environment of one agent run (package-private for tests). */
  Map<String, String> environment(Alert a, AlertEvent e, long seq) {
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", DEFAULT_PATH));
    env.put("LANG", "C");
    for (Map.Entry<String, String> p : a.environment().entrySet()) {
      if (ENV_NAME.matcher(p.getKey()).matches()) {
        env.put(p.getKey(), p.getValue());
      }
    }
    env.put("CRM_alert_version", VERSION);
    env.put("CRM_alert_kind", e.kind().wireName());
    env.put("CRM_alert_node_sequence", Long.toString(seq));
    env.put("CRM_alert_recipient", a.recipient() == null ? "" : a.recipient());
    env.put("CRM_alert_timestamp", AlertTimestamp.format(a.timestampFormat(), e.at(), zone));
    env.put("CRM_alert_timestamp_epoch", Long.toString(e.at().getEpochSecond()));
    env.put("CRM_alert_timestamp_usec", Long.toString(e.at().getNano() / 1_000));
    put(env, "CRM_alert_node", e.node());
    put(env, "CRM_alert_nodeid", e.nodeId());
    put(env, "CRM_alert_desc", e.desc());
    put(env, "CRM_alert_task", e.task());
    put(env, "CRM_alert_rsc", e.rsc());
    put(env, "CRM_alert_interval", e.intervalMs());
    put(env, "CRM_alert_rc", e.rc());
    put(env, "CRM_alert_target_rc", e.targetRc());
    put(env, "CRM_alert_status", e.status());
    put(env, "CRM_alert_exec_time", e.execMs());
    put(env, "CRM_alert_attribute_name", e.attributeName());
    if (e.kind() == AlertEvent.Kind.ATTRIBUTE) {
      env.put("CRM_alert_attribute_value", e.attributeValue() == null ? "" : e.attributeValue());
    }
    return env;
  }

  private static void put(Map<String, String> env, String name, Object value) {
    if (value != null) {
      env.put(name, value.toString());
    }
  }

  /** Deliveries queued, running or waiting for a retry. */
  public int pending() {
    return pending.get();
  }

  @Override
  public void close() {
    agents.shutdownNow();
    retries.shutdownNow();
  }
}
