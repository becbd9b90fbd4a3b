package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.Transition;
import org.paceline.simulate.SimulatedExecution;
import org.paceline.simulate.StatusInjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crm simulate}: runs the scheduler on a CIB file and prints crm_simulate's summary. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Show what the scheduler would do with a CIB (like crm_simulate).")
public final class SimulateCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-x", "--xml-file"},
      description = "the CIB to read")
  Path xml;

  @Option(
      names = {"-s", "--show-scores"},
      description = "print allocation scores")
  boolean showScores;

  @Option(
      names = {"-R", "--run"},
      description =
          "show what the cluster would do (crm_simulate's --run; what this command always does)")
  boolean run;

  @Option(
      names = {"-S", "--simulate"},
      description =
          "simulate the transition: list its actions as a run executes them and show the"
              + " status after them (with -O, save that CIB)")
  boolean simulate;

  @Option(names = "--node-up", description = "bring a node online first")
  List<String> nodeUp = List.of();

  @Option(names = "--node-down", description = "take a node cleanly offline first")
  List<String> nodeDown = List.of();

  @Option(names = "--node-fail", description = "make a node fail (unclean) first")
  List<String> nodeFail = List.of();

  @Option(names = "--op-fail", description = "record a failed op: RSC_ACTION_INTERVAL@NODE=RC")
  List<String> opFail = List.of();

  @Option(
      names = {"-O", "--save-output"},
      description = "write the CIB here: after the injections, and with -S after the transition")
  Path output;

  @Option(
      names = {"-t", "--set-datetime"},
      paramLabel = "DATETIME",
      description =
          "schedule as at this ISO 8601 time (e.g. 2024-05-01T12:00:00Z); default: the CIB's"
              + " execution-date, else now (as crm_simulate)")
  String datetime;

  @Option(names = "--batch-list", hidden = true, description = "file of case names")
  Path batchList;

  @Option(names = "--batch-in", hidden = true, description = "directory of NAME.xml")
  Path batchIn;

  @Option(names = "--batch-out", hidden = true, description = "directory for NAME.summary")
  Path batchOut;

  @Override
  public Integer call() throws Exception {
    if (batchList != null) {
      return batch();
    }
    if (xml == null) {
      err().println("crm simulate: -x FILE is required");
      return ExitCodes.INVALID_INPUT;
    }
    Cib cib;
    try {
      org.paceline.cib.CibDocument doc = CibXmlReader.read(xml);
      doc.readWarnings().forEach(err()::println);
      cib = doc.cib();
    } catch (CibFormatException e) {
      err().println("crm simulate: " + xml + ": " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    try {
      for (String n : nodeUp) {
        cib = StatusInjector.nodeUp(cib, n);
      }
      for (String n : nodeDown) {
        cib = StatusInjector.nodeDown(cib, n);
      }
      for (String n : nodeFail) {
        cib = StatusInjector.nodeFail(cib, n);
      }
      for (String f : opFail) {
        cib = StatusInjector.opFail(cib, f);
      }
    } catch (IllegalArgumentException e) {
      err().println("crm simulate: " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    long now;
    if (datetime != null) {
      Long t = org.paceline.cib.CrmTime.epochSeconds(datetime);
      if (t == null) {
        err()
            .println(
                "crm simulate: -t "
                    + datetime
                    + ": not an ISO 8601 date-time (expected e.g. 2024-05-01T12:00:00Z)");
        return ExitCodes.USAGE;
      }
      now = t;
    } else if (cib.executionDate() != null) {
      now = cib.executionDate();
    } else {
      // Rules with dates, failure-timeout and shutdown locks are judged at the time of the run,
      // as crm_simulate judges them.
      now = System.currentTimeMillis() / 1000;
    }
    // The schedule and the current status display both only read the CIB: schedule on a second
    // core while the status is built and printed (a large CIB's status takes as long).
    Cib input = cib;
    CompletableFuture<Transition> scheduled =
        CompletableFuture.supplyAsync(() -> Scheduler.schedule(input, now));
    PrintWriter out = spec.commandLine().getOut();
    TransitionPrinter.print(cib, () -> await(scheduled), showScores, out);
    Cib result = cib;
    if (simulate) {
      result = SimulatedExecution.apply(cib, await(scheduled));
      TransitionPrinter.printExecution(await(scheduled), cib, result, out);
    }
    if (output != null) {
      CibXmlWriter.write(result, output);
    }
    return ExitCodes.OK;
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The schedule's result, or its own exception (not wrapped in a CompletionException). */
  private static Transition await(CompletableFuture<Transition> scheduled) {
    try {
      return scheduled.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private Integer batch() throws Exception {
    Files.createDirectories(batchOut);
    int failures = 0;
    for (String name : Files.readAllLines(batchList)) {
      name = name.trim();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      try (PrintWriter w =
          new PrintWriter(Files.newBufferedWriter(batchOut.resolve(name + ".summary")))) {
        try {
          Cib cib = CibXmlReader.read(batchIn.resolve(name + ".xml")).cib();
          TransitionPrinter.print(cib, Scheduler.schedule(cib), showScores, w);
        } catch (Exception e) {
          failures++;
          err().println(name + ": " + e);
          StackTraceElement[] st = e.getStackTrace();
          if (st.length > 0) {
            err().println("   at " + st[0]);
          }
        }
      }
    }
    return failures == 0 ? ExitCodes.OK : ExitCodes.SOFTWARE;
  }
}
