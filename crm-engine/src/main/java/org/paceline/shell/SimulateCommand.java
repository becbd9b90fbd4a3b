package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.Transition;
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
      names = {"-S", "--simulate"},
      description = "simulate the transition (accepted)")
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
      description = "write the (injected) CIB here")
  Path output;

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
      System.err.println("crm simulate: -x FILE is required");
      return ExitCodes.INVALID_INPUT;
    }
    Cib cib;
    try {
      cib = CibXmlReader.read(xml).cib();
    } catch (CibFormatException e) {
      System.err.println("crm simulate: " + xml + ": " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    try {
      for (String n : nodeUp) {
        cib = StatusInjector.nodeState(cib, n, "true", "online", "member", "member");
      }
      for (String n : nodeDown) {
        cib = StatusInjector.nodeState(cib, n, "false", "offline", "down", "down");
      }
      for (String n : nodeFail) {
        cib = StatusInjector.nodeState(cib, n, "false", "offline", "down", "member");
      }
      for (String f : opFail) {
        cib = StatusInjector.opFail(cib, f);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("crm simulate: " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    Transition t = Scheduler.schedule(cib);
    TransitionPrinter.print(cib, t, showScores, spec.commandLine().getOut());
    if (output != null) {
      CibXmlWriter.write(cib, output);
    }
    return ExitCodes.OK;
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
          System.err.println(name + ": " + e);
          StackTraceElement[] st = e.getStackTrace();
          if (st.length > 0) {
            System.err.println("   at " + st[0]);
          }
        }
      }
    }
    return failures == 0 ? ExitCodes.OK : ExitCodes.SOFTWARE;
  }
}
