package org.paceline.daemon;

import java.nio.file.Path;
import org.paceline.membership.ClusterKey;
import org.paceline.membership.NodeConfigLoader;

/**
 * The node daemon: {@code paceline --config FILE}. Runs in the foreground, logs to stdout, stops on
 * SIGTERM (leaving the cluster cleanly).
 */
public final class PacelineMain {
  /** Exit code for an invalid configuration (sysexits EX_CONFIG). */
  public static final int EX_CONFIG = 78;

  /** Exit code when the node cannot start (sysexits EX_SOFTWARE). */
  public static final int EX_SOFTWARE = 70;

  private PacelineMain() {}

  /** Entry point of {@code bin/paceline}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: paceline --config FILE");
      System.exit(2);
    }
    NodeConfigLoader.Result r = NodeConfigLoader.load(Path.of(args[1]));
    if (r instanceof NodeConfigLoader.Invalid bad) {
      System.err.println("paceline: invalid configuration:\n" + bad.message());
      System.exit(EX_CONFIG);
      return;
    }
    var config = ((NodeConfigLoader.Loaded) r).config();
    DaemonLog log = new DaemonLog(config.nodeName());
    ClusterKey key;
    try {
      key = ClusterKey.read(config.keyFile());
    } catch (java.io.IOException e) {
      System.err.println("paceline: " + e.getMessage());
      System.exit(EX_CONFIG);
      return;
    }
    NodeDaemon d;
    try {
      d = NodeDaemon.start(config, key, log);
    } catch (Exception e) {
      System.err.println("paceline: cannot start node: " + e);
      System.exit(EX_SOFTWARE);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("node stopping");
                  try {
                    d.close();
                  } catch (Exception e) {
                    log.info("stop failed", "error", e.getMessage());
                  }
                }));
    Thread.currentThread().join();
  }
}
