package org.paceline.daemon;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.paceline.membership.ClusterKey;
import org.paceline.membership.ClusterTls;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.NodeConfigLoader;
import org.paceline.membership.TransportSecurity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The node daemon: {@code paceline --config FILE}. Runs in the foreground, logs to stdout, stops on
 * SIGTERM (leaving the cluster cleanly). Its {@link #main} is what a node process runs (the demo
 * and the test harnesses start nodes with it). The installed {@code paceline} program
 * (bin/paceline) is this command with the user-level subcommands that sit above the daemon, such as
 * {@code demo}, added by the shell: the daemon does not know them.
 */
@Command(
    name = "paceline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "The Paceline node daemon: joins the cluster described by its bootstrap file, runs in the"
          + " foreground and logs to standard output. SIGTERM leaves the cluster cleanly.",
      "Exit codes: 2 usage, 70 cannot start, 76 refused by the cluster (another protocol"
          + " generation: see the upgrade notes), 78 invalid configuration."
    })
public class PacelineMain implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Node bootstrap configuration (YAML), e.g. /etc/paceline/paceline.yaml.")
  Path config;

  /** Exit code for an invalid configuration (sysexits EX_CONFIG). */
  public static final int EX_CONFIG = 78;

  /** Exit code when the node cannot start (sysexits EX_SOFTWARE). */
  public static final int EX_SOFTWARE = 70;

  /**
   * Exit code when the cluster refuses this node because it runs another protocol generation
   * (sysexits EX_PROTOCOL); systemd does not restart it (RestartPreventExitStatus).
   */
  public static final int EX_PROTOCOL = 76;

  /**
   * Exit code when the join was refused for a reason that passes (sysexits EX_TEMPFAIL): systemd
   * starts the node again.
   */
  public static final int EX_TEMPFAIL = 75;

  /** How long a stopping node waits for the DC to move its resources away. */
  static final long SHUTDOWN_WAIT_MS = 60_000;

  /** Entry point of a node process: {@code PacelineMain --config FILE}. */
  public static void main(String[] args) {
    System.exit(execute(new CommandLine(new PacelineMain()), args));
  }

  /** Runs a {@code paceline} command line, after the JVM-wide settings the daemon needs. */
  public static int execute(CommandLine commandLine, String[] args) {
    // JGroups would log through SLF4J, which has no provider here, and its warnings (jgroups-raft's
    // too) would be lost; the JDK's logger writes them to stderr, the daemon log.
    if (System.getProperty("jgroups.use.jdk_logger") == null) {
      System.setProperty("jgroups.use.jdk_logger", "true");
    }
    return commandLine.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (config == null) {
      System.err.println("paceline: --config FILE is required (or run: paceline demo)");
      return 2;
    }
    run(config);
    return 0;
  }

  private static void run(Path configFile) throws Exception {
    NodeConfigLoader.Result r = NodeConfigLoader.load(configFile);
    if (r instanceof NodeConfigLoader.Invalid bad) {
      System.err.println("paceline: invalid configuration:\n" + bad.message());
      System.exit(EX_CONFIG);
      return;
    }
    var config = ((NodeConfigLoader.Loaded) r).config();
    DaemonLog log = new DaemonLog(config.nodeName());
    // JGroups classes with a static logger (TLS socket factories among them) load before the
    // daemon starts: route them from here.
    JGroupsLogBridge.install(log);
    TransportSecurity key;
    try {
      key =
          config.security() == NodeConfig.Security.TLS
              ? ClusterTls.load(config.pkiDir())
              : ClusterKey.read(config.keyFile());
    } catch (java.io.IOException e) {
      System.err.println("paceline: " + e.getMessage());
      System.exit(EX_CONFIG);
      return;
    }
    NodeDaemon d;
    try {
      d = NodeDaemon.start(config, key, log, true);
    } catch (SecurityException e) {
      System.err.println("paceline: the cluster refused this node: " + e.getMessage());
      if (NodeDaemon.staleIncarnation(e)) {
        // NodeDaemon.start retries this refusal itself and does not throw it; should it ever
        // escape, a later start will get in (systemd restarts on this code; 76 would keep it
        // down).
        System.exit(EX_TEMPFAIL);
        return;
      }
      // Another protocol generation (NodeSoftware.PROTOCOL): restarting cannot help.
      System.exit(EX_PROTOCOL);
      return;
    } catch (Exception e) {
      System.err.println("paceline: cannot start node: " + e);
      System.exit(EX_SOFTWARE);
      return;
    }
    SystemdNotify systemd = SystemdNotify.fromEnvironment();
    systemd.send(
        "READY=1\nSTATUS=joined cluster " + config.clusterName() + " as " + config.nodeName());
    long watchdogMs = SystemdNotify.watchdogMs();
    if (watchdogMs > 0) {
      // Ping at half the interval, and only while the controller thread answers: a wedged
      // controller stops the pings and systemd restarts the node.
      java.util.concurrent.ScheduledExecutorService dog =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread t = new Thread(task, "watchdog");
                t.setDaemon(true);
                return t;
              });
      // Self-fencing (no-quorum-policy=suicide on a node cut off): no more pings, and systemd is
      // told at once (WATCHDOG=trigger, as a missed ping) instead of after WatchdogSec.
      java.util.concurrent.atomic.AtomicBoolean selfFenced =
          new java.util.concurrent.atomic.AtomicBoolean();
      d.onSelfFence(
          reason -> {
            if (selfFenced.compareAndSet(false, true)) {
              log.info(
                  "fencing this node itself through the systemd watchdog: no more pings",
                  "reason",
                  reason);
              systemd.send("WATCHDOG=trigger");
            }
          });
      dog.scheduleAtFixedRate(
          () -> {
            if (selfFenced.get()) {
              return;
            }
            if (d.responsive()) {
              systemd.send("WATCHDOG=1");
            } else {
              log.info("controller not answering: no watchdog ping");
            }
          },
          0,
          Math.max(100, watchdogMs / 2),
          java.util.concurrent.TimeUnit.MILLISECONDS);
      log.info("systemd watchdog", "interval_ms", watchdogMs);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  systemd.send("STOPPING=1");
                  log.info("node stopping");
                  try {
                    if (d.quorumState().quorate()) {
                      log.info("asking the DC to move this node's resources away");
                      boolean allowed = d.requestShutdown(SHUTDOWN_WAIT_MS);
                      log.info(
                          allowed
                              ? "resources moved away; leaving"
                              : "the DC did not confirm in time; leaving anyway");
                    }
                    d.close();
                  } catch (Exception e) {
                    log.info("stop failed", "error", e.getMessage());
                  }
                }));
    Thread.currentThread().join();
  }
}
