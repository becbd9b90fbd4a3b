package org.paceline.shell;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.paceline.daemon.DaemonStatusSource;
import org.paceline.http.HttpOptions;
import org.paceline.http.StatusHttpServer;
import org.paceline.membership.NodeConfig;
import org.paceline.status.CibFileStatusSource;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.HealthCheck;
import org.paceline.status.NoQuorumException;
import org.paceline.status.StatusRenderer;
import org.paceline.status.StatusReport;
import org.paceline.status.StatusReportBuilder;
import org.paceline.status.StatusSource;
import org.paceline.status.StatusUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crm status}: the cluster status in crm_mon's layout, as JSON or XML, or as a monitoring
 * check (exit 0 OK, 1 WARNING, 2 CRITICAL). Reads a CIB file ({@code -x}), or asks the local daemon
 * ({@link DaemonStatusSource}, found through {@code --config}) for the live status.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the cluster status (like crm_mon -1), or check it (--check).")
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-x", "--xml-file"},
      description = "read the status from this CIB file (XML or YAML) instead of the daemon")
  java.nio.file.Path file;

  @Mixin ClusterCommand.ConfigOption configOption;

  @Option(
      names = "--watch",
      paramLabel = "SECONDS",
      description =
          "refresh every SECONDS until interrupted (on a terminal the screen is redrawn,"
              + " otherwise each refresh follows a separator line)")
  Integer watchSeconds;

  /** For tests and scripts: stop --watch after this many refreshes. */
  @Option(names = "--watch-count", hidden = true)
  Integer watchCount;

  @Option(
      names = {"-o", "--output"},
      description = "text (default), json or xml",
      defaultValue = "text")
  String output;

  @Option(
      names = "--check",
      description = "print a one-line verdict; exit 0 OK, 1 WARNING, 2 CRITICAL")
  boolean check;

  @Option(names = "--active-only", description = "list active resources only (crm_mon without -r)")
  boolean activeOnly;

  @Option(names = "--node", description = "the node to see the cluster from")
  String node;

  @Option(
      names = "--active-resource",
      description = "the resource whose location marks the active node")
  String activeResource;

  @Option(
      names = "--serve",
      paramLabel = "ADDRESS:PORT",
      description =
          "serve the status over HTTP (dashboard, /status, /metrics, probes) until stopped;"
              + " the file is re-read on every request")
  String serve;

  @Override
  public Integer call() throws Exception {
    if (!output.equals("text") && !output.equals("json") && !output.equals("xml")) {
      spec.commandLine()
          .getErr()
          .println("crm status: unknown --output '" + output + "' (expected text, json or xml)");
      return ExitCodes.USAGE;
    }
    if (watchSeconds != null && (watchSeconds < 1 || watchSeconds > MAX_WATCH_SECONDS)) {
      spec.commandLine()
          .getErr()
          .println("crm status: --watch needs 1.." + MAX_WATCH_SECONDS + " seconds");
      return ExitCodes.USAGE;
    }
    StatusSource source;
    boolean live = file == null;
    if (live) {
      NodeConfig c = configOption.load(spec.commandLine().getErr());
      if (c == null) {
        return ExitCodes.INVALID_INPUT;
      }
      source = new DaemonStatusSource(c.adminSocket(), String.valueOf(c.source()), activeResource);
    } else {
      source = new CibFileStatusSource(file, node, activeResource, Instant::now);
    }
    if (serve != null) {
      return serve(source);
    }
    if (watchSeconds == null) {
      return once(source, live);
    }
    var out = spec.commandLine().getOut();
    boolean terminal = System.console() != null;
    int rc = ExitCodes.OK;
    for (int i = 0; watchCount == null || i < watchCount; i++) {
      if (i > 0) {
        // The refresh period the operator asked for, not a wait for a condition.
        Thread.sleep(watchSeconds * 1000L);
      }
      if (terminal) {
        out.print("\033[H\033[2J");
      } else {
        out.println("--- " + Instant.now() + " ---");
      }
      out.flush();
      rc = once(source, live);
    }
    return rc;
  }

  /** Longest --watch period accepted. */
  static final int MAX_WATCH_SECONDS = 3600;

  /** Takes and prints one snapshot; returns the exit code. */
  private int once(StatusSource source, boolean live) {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    ClusterSnapshot snap;
    try {
      snap = source.snapshot();
    } catch (NoQuorumException e) {
      if (check) {
        out.print("CLUSTER CRITICAL: " + e.getMessage() + "\n");
        out.flush();
        return HealthCheck.CRITICAL;
      }
      err.println("crm status: " + e.getMessage());
      err.flush();
      return ExitCodes.UNAVAILABLE;
    } catch (StatusUnavailableException e) {
      err.println("crm status: " + e.getMessage());
      err.flush();
      if (live) {
        return ExitCodes.UNAVAILABLE;
      }
      return e.unreadable() ? ExitCodes.NO_INPUT : ExitCodes.INVALID_INPUT;
    }
    if (node != null && live) {
      snap = snap.seenFrom(node);
    }
    StatusReport report = StatusReportBuilder.build(snap);
    if (check) {
      if (output.equals("text")) {
        out.print(StatusRenderer.checkText(report.health()));
      } else if (output.equals("json")) {
        out.print(StatusRenderer.json(report));
      } else {
        out.print(StatusRenderer.xml(snap));
      }
      out.flush();
      return report.health().code();
    }
    switch (output) {
      case "json" -> out.print(StatusRenderer.json(report));
      case "xml" -> out.print(StatusRenderer.xml(snap));
      default -> out.print(StatusRenderer.text(report, !activeOnly));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private int serve(StatusSource source) throws Exception {
    int colon = serve.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(serve.substring(colon + 1));
    } catch (NumberFormatException e) {
      spec.commandLine().getErr().println("crm status: --serve needs ADDRESS:PORT, not " + serve);
      return ExitCodes.USAGE;
    }
    String address = colon > 0 ? serve.substring(0, colon) : HttpOptions.DEFAULT_BIND;
    try {
      source.snapshot(); // refuse to start on a file that cannot be read
    } catch (StatusUnavailableException e) {
      spec.commandLine().getErr().println("crm status: " + e.getMessage());
      return e.unreadable() ? ExitCodes.NO_INPUT : ExitCodes.INVALID_INPUT;
    }
    Supplier<ClusterSnapshot> supplier =
        () -> {
          try {
            return source.snapshot();
          } catch (StatusUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
        };
    try (StatusHttpServer server =
        StatusHttpServer.start(supplier, HttpOptions.plain(address, port))) {
      spec.commandLine()
          .getOut()
          .println("serving http://" + address + ":" + server.port() + "/ (Ctrl-C stops)");
      spec.commandLine().getOut().flush();
      new CountDownLatch(1).await(); // until the process is stopped
    }
    return ExitCodes.OK;
  }
}
