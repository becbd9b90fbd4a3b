package org.paceline.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures, on real daemons (3 JVMs on loopback), the times docs/benchmarks.md reports: kill -9 of
 * the DC until the survivors agree on a new DC and commit an edit; SIGSTOP of a node until it
 * leaves the others' view. A main, not a test: timings on a shared machine are noisy.
 *
 * <pre>
 * mvn -B -q -o test-compile -pl crm-engine -am
 * java -cp "crm-engine/target/test-classes:crm-engine/target/classes:crm-engine/target/lib/*" \
 *     org.paceline.replication.FailoverBenchmark 5
 * </pre>
 *
 * <p>With {@code -Dpaceline.bench.security=key} the nodes run the SYM_ENCRYPT fallback instead of
 * TLS (the comparison in docs/benchmarks.md).
 */
public final class FailoverBenchmark {
  private FailoverBenchmark() {}

  /** Runs {@code args[0]} rounds (default 5) and prints medians. */
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<Long> dcView = new ArrayList<>();
    List<Long> dcElected = new ArrayList<>();
    List<Long> dcWrite = new ArrayList<>();
    List<Long> hung = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      try (ClusterHarness h = ClusterHarness.threeVoters()) {
        if ("key".equals(System.getProperty("paceline.bench.security"))) {
          java.nio.file.Path key = h.dir().resolve("cluster.key");
          org.paceline.membership.ClusterKey.generate(key);
          for (String n : List.of("a", "b", "c")) {
            h.useKey(n, key);
          }
        }
        h.startAll();
        String dc = h.awaitFormed(List.of("a", "b", "c"));
        List<String> rest = Stream.of("a", "b", "c").filter(n -> !n.equals(dc)).toList();
        long t0 = System.nanoTime();
        h.kill(dc);
        h.await(
            "view without the DC",
            () -> String.join(",", rest).equals(h.status(rest.get(0)).get("view")));
        dcView.add(ms(t0));
        h.await(
            "new DC",
            () -> {
              Map<String, String> s = h.status(rest.get(0));
              return "true".equals(s.get("quorate")) && rest.contains(s.get("dc"));
            });
        dcElected.add(ms(t0));
        h.await(
            "edit committed",
            Duration.ofSeconds(30),
            () -> {
              try {
                String a = h.call(rest.get(1), "property bench x");
                if (!a.startsWith("ok")) {
                  System.out.println("  edit refused after " + ms(t0) + " ms: " + a);
                }
                return a.startsWith("ok");
              } catch (Exception e) {
                return false;
              }
            });
        dcWrite.add(ms(t0));

        String victim = rest.get(1);
        String observer = rest.get(0);
        h.start(dc);
        h.awaitFormed(List.of("a", "b", "c"));
        long t1 = System.nanoTime();
        h.stop(victim);
        h.await(
            "hung node out of view",
            () -> !List.of(h.status(observer).get("view").split(",")).contains(victim));
        hung.add(ms(t1));
        h.resume(victim);
      }
      System.out.printf(
          "run %d: dc-kill->view %d ms, ->new DC %d ms, ->edit committed %d ms; sigstop->view %d ms%n",
          i + 1, dcView.get(i), dcElected.get(i), dcWrite.get(i), hung.get(i));
    }
    System.out.println("| measure | median ms | min | max | runs |");
    System.out.println("|---|---|---|---|---|");
    row("kill -9 of the DC -> view without it", dcView);
    row("kill -9 of the DC -> new DC (Raft leader) known", dcElected);
    row("kill -9 of the DC -> first edit committed", dcWrite);
    row("SIGSTOP of a node -> removed from view", hung);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void row(String what, List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    System.out.printf(
        "| %s | %d | %d | %d | %d |%n",
        what, s.get(s.size() / 2), s.get(0), s.get(s.size() - 1), s.size());
  }
}
