package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;

/**
 * Paceline's own scheduler cases: each {@code NAME.xml} under src/test/resources/scheduler has a
 * reviewed {@code NAME.summary}. Expectations are rewritten only with -Dpaceline.golden.update=true
 * (then review the diff).
 */
@Tag("unit")
class SchedulerGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/scheduler");

  static Stream<String> cases() throws IOException {
    return casesIn(DIR);
  }

  /** The case names in {@code dir}: every {@code NAME.xml}, sorted. */
  static Stream<String> casesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".xml"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  static String summary(Cib cib) {
    Transition t = Scheduler.schedule(cib);
    return t.summary().stream().map(SummaryItem::format).collect(Collectors.joining("\n")) + "\n";
  }

  @ParameterizedTest
  @MethodSource("cases")
  void summaryMatchesReviewedExpectation(String name) throws Exception {
    Cib cib = CibXmlReader.read(DIR.resolve(name + ".xml")).cib();
    String actual = summary(cib);
    Path expected = DIR.resolve(name + ".summary");
    matchesReviewed(expected, actual, name);
  }

  /**
   * {@code actual} equals the reviewed file {@code expected}; with -Dpaceline.golden.update=true
   * the file is rewritten instead (then review the diff).
   */
  static void matchesReviewed(Path expected, String actual, String name) throws IOException {
    if (Boolean.getBoolean("paceline.golden.update")) {
      Files.writeString(expected, actual);
      return;
    }
    assertTrue(Files.exists(expected), "no expectation for " + name);
    assertEquals(Files.readString(expected), actual, name);
  }
}
