package org.paceline.shell;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.Transition;
import org.paceline.simulate.SimulatedExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crm bench scheduler -x FILE}: times the scheduler on one CIB (parse and schedule
 * separately, best of several runs) and reports the JVM's peak heap. Not a test: numbers go to
 * docs/benchmarks.md through bench/scheduler.sh.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.")
public final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "what to benchmark: scheduler")
  String what;

  @Option(
      names = {"-x", "--xml-file"},
      required = true,
      description = "the CIB to schedule")
  Path xml;

  @Option(names = "--runs", defaultValue = "3", description = "timed runs (best is reported)")
  int runs;

  @Option(names = "--write-steady", description = "write the CIB after the transition ran")
  Path steadyOut;

  @Override
  public Integer call() throws Exception {
    if (!what.equals("scheduler")) {
      System.err.println("crm bench: unknown benchmark '" + what + "' (expected: scheduler)");
      return ExitCodes.INVALID_INPUT;
    }
    long t0 = System.nanoTime();
    Cib cib = CibXmlReader.read(xml).cib();
    long parseNs = System.nanoTime() - t0;
    long best = Long.MAX_VALUE;
    long first = 0;
    Transition t = null;
    long now = cib.executionDate() == null ? 0 : cib.executionDate();
    StringBuilder firstStages = new StringBuilder();
    for (int i = 0; i < Math.max(1, runs); i++) {
      long s = System.nanoTime();
      long[] last = {s};
      boolean firstRun = i == 0;
      t =
          Scheduler.schedule(
              cib,
              now,
              stage -> {
                long at = System.nanoTime();
                if (firstRun) {
                  firstStages
                      .append(' ')
                      .append(stage)
                      .append('=')
                      .append((at - last[0]) / 1_000_000);
                }
                last[0] = at;
              });
      long d = System.nanoTime() - s;
      if (i == 0) {
        first = d;
      }
      best = Math.min(best, d);
    }
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "parse_ms=%d schedule_first_ms=%d schedule_best_ms=%d actions=%d summary=%d"
            + " peak_heap_mib=%d%n",
        parseNs / 1_000_000,
        first / 1_000_000,
        best / 1_000_000,
        t.actions().size(),
        t.summary().size(),
        peak / (1024 * 1024));
    System.out.println("first_run_stages_ms:" + firstStages);
    if (steadyOut != null) {
      CibXmlWriter.write(SimulatedExecution.apply(cib, t), steadyOut);
    }
    return ExitCodes.OK;
  }
}
