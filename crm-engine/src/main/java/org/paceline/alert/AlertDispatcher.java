package org.paceline.alert;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.paceline.alert.DeliveryQueue.Delivery;
import org.paceline.cib.Configuration;
import org.paceline.process.ProcessLimits;
import org.paceline.process.ProcessResult;
import org.paceline.process.ProcessRunner;

/**
 * Delivers a node's alert events: to every alert × recipient of the {@code <alerts>} section that
 * selects the event, one agent process each, with Pacemaker's {@code CRM_alert_*} environment and
 * the alert's instance attributes, no shell, and the alert's timeout; and to the {@link Webhook}
 * when one is configured. The caller never waits: the deliveries run on the dispatcher's threads.
 *
 * <p>Pacemaker fires and forgets. Here each delivery is first written to the {@link DeliveryQueue}
 * in the data directory, and one that fails (a non-zero exit, a timeout, an agent that cannot be
 * started, a webhook answer other than 2xx) is retried with a doubling backoff (1 s up to 60 s)
 * until it succeeds or {@link #EXPIRY_MS} has passed since the event, across restarts of the
 * daemon; at most {@link #MAX_PENDING} wait at once, beyond that new ones are dropped and said so
 * in the log. Agent parameters and the webhook's key are never logged.
 */
public final class AlertDispatcher implements AutoCloseable {
  /** How long a failing delivery is retried. */
  public static final long EXPIRY_MS = 10 * 60_000;

  /** The most deliveries waiting (running or to be retried) at once. */
  public static final int MAX_PENDING = 1_000;

  /** The target id of the webhook's deliveries. */
  public static final String WEBHOOK = "webhook";

  /** The Pacemaker version agents are told (CRM_alert_version); the release Paceline follows. */
  public static final String VERSION = "2.1.5";

  static final long FIRST_RETRY_MS = 1_000;
  static final long MAX_RETRY_MS = 60_000;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String DEFAULT_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

  private final String self;
  private final String incarnation;
  private final DeliveryQueue queue;
  private final Webhook webhook;
  private final Consumer<String> log;
  private final LongSupplier epochMs;
  private final ZoneId zone;
  private final ProcessRunner runner = new ProcessRunner(ProcessLimits.DEFAULTS);
  private final ExecutorService workers;
  private final ScheduledExecutorService retries;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile List<Alert> alerts = List.of();
  private volatile List<String> problems = List.of();
  // Deliveries read back from the queue at start, sent once the alerts are known.
  private List<Delivery> restored = new ArrayList<>();

  /**
   * A node's dispatcher, with no alerts until {@link #configure}.
   *
   * @param self this node's name (the webhook's sender, part of each event id)
   * @param queueDir where undelivered events are kept, or null to keep them in memory only
   * @param webhook where events are POSTed besides the agents, or null
   * @param log receives a line per failed delivery, retry given up, or problem in the section
   * @throws IOException when the queue directory cannot be created or read
   */
  public AlertDispatcher(String self, Path queueDir, Webhook webhook, Consumer<String> log)
      throws IOException {
    this(
        self,
        queueDir == null ? null : new DeliveryQueue(queueDir),
        webhook,
        log,
        System::currentTimeMillis,
        ZoneId.systemDefault());
  }

  AlertDispatcher(
      String self,
      DeliveryQueue queue,
      Webhook webhook,
      Consumer<String> log,
      LongSupplier epochMs,
      ZoneId zone)
      throws IOException {
    this.self = self;
    this.queue = queue;
    this.webhook = webhook;
    this.log = log;
    this.epochMs = epochMs;
    this.zone = zone;
    this.incarnation = Long.toString(epochMs.getAsLong(), 36);
    this.workers = Executors.newFixedThreadPool(4, daemonThreads("alert-delivery"));
    this.retries = Executors.newSingleThreadScheduledExecutor(daemonThreads("alert-retry"));
    if (queue != null) {
      List<String> bad = new ArrayList<>();
      restored = queue.load(bad);
      bad.forEach(p -> log.accept("alerts: " + p));
      pending.addAndGet(restored.size());
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Takes the alerts of {@code c} for the events from now on; logs what it cannot use, once. The
   * first call also sends what the queue held from before a restart.
   */
  public void configure(Configuration c) {
    Alert.Section s = Alert.of(c);
    if (!s.problems().equals(problems)) {
      s.problems().forEach(p -> log.accept("alerts: " + p));
    }
    problems = s.problems();
    alerts = s.alerts();
    releaseRestored();
  }

  /** Uses {@code targets} instead of a configuration's alerts (tests). */
  void use(List<Alert> targets) {
    alerts = List.copyOf(targets);
    releaseRestored();
  }

  private void releaseRestored() {
    List<Delivery> waiting;
    synchronized (this) {
      waiting = restored;
      restored = List.of();
    }
    waiting.forEach(this::submit);
  }

  /** Queues {@code e} for every alert that selects it and for the webhook; returns at once. */
  public void send(AlertEvent e) {
    send(e, true);
  }

  /**
   * Queues {@code e} for every alert that selects it and, if {@code toWebhook}, for the webhook;
   * returns at once.
   */
  public void send(AlertEvent e, boolean toWebhook) {
    List<Alert> now = alerts;
    boolean hook = toWebhook && webhook != null;
    if (now.isEmpty() && !hook) {
      return;
    }
    long seq = sequence.incrementAndGet();
    String eventId = self + "-" + incarnation + "-" + seq;
    long first = epochMs.getAsLong();
    for (Alert a : now) {
      if (a.wants(e)) {
        enqueue(new Delivery(a.id(), eventId, seq, e, 0, first));
      }
    }
    if (hook) {
      enqueue(new Delivery(WEBHOOK, eventId, seq, e, 0, first));
    }
  }

  private void enqueue(Delivery d) {
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      log.accept(
          "alerts: "
              + MAX_PENDING
              + " deliveries are waiting; event "
              + d.eventId()
              + " for "
              + d.target()
              + " is dropped");
      return;
    }
    persist(d);
    submit(d);
  }

  private void persist(Delivery d) {
    if (queue == null) {
      return;
    }
    try {
      queue.save(d);
    } catch (IOException x) {
      log.accept("alerts: cannot queue event " + d.eventId() + " on disk: " + x.getMessage());
    }
  }

  private void done(Delivery d) {
    pending.decrementAndGet();
    if (queue != null) {
      try {
        queue.remove(d);
      } catch (IOException x) {
        log.accept("alerts: cannot remove delivered event " + d.eventId() + ": " + x.getMessage());
      }
    }
  }

  private void submit(Delivery d) {
    try {
      workers.execute(() -> run(d));
    } catch (RejectedExecutionException closed) {
      pending.decrementAndGet(); // closing: the file stays for the next start
    }
  }

  private void run(Delivery d) {
    String failure;
    try {
      failure = attempt(d);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      pending.decrementAndGet(); // closing: the file stays for the next start
      return;
    }
    if (failure == null) {
      done(d);
      return;
    }
    String what = d.event().kind().wireName() + " event " + d.eventId() + " to " + d.target();
    if (failure.isEmpty()) {
      done(d);
      log.accept("alerts: " + what + " dropped: no such alert any more");
      return;
    }
    if (epochMs.getAsLong() - d.firstEpochMs() >= EXPIRY_MS) {
      done(d);
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
    Delivery next = d.next();
    persist(next);
    try {
      retries.schedule(() -> submit(next), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      pending.decrementAndGet();
    }
  }

  /** One attempt: null when delivered, "" when the target is gone, else what went wrong. */
  private String attempt(Delivery d) throws InterruptedException {
    if (d.target().equals(WEBHOOK)) {
      return webhook == null ? "" : webhook.deliver(d.eventId(), self, d.sequence(), d.event());
    }
    Alert a = alerts.stream().filter(x -> x.id().equals(d.target())).findFirst().orElse(null);
    if (a == null) {
      return "";
    }
    try {
      ProcessResult r =
          runner.run(
              List.of(a.path()),
              environment(a, d.event(), d.sequence()),
              null,
              Path.of("/"),
              a.timeoutMs());
      if (r.exitCode() == 0 && !r.timedOut()) {
        return null;
      }
      return r.timedOut() ? "timed out after " + a.timeoutMs() + " ms" : "exit " + r.exitCode();
    } catch (IOException | RuntimeException x) {
      return "cannot run " + a.path() + ": " + x.getMessage();
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
    workers.shutdownNow();
    retries.shutdownNow();
  }
}
