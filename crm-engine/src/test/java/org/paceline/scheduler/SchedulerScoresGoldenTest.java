package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.paceline.cib.CibXmlReader;

/**
 * Allocation and promotion score lines ({@code crm simulate -s}) for Paceline's own small CIBs
 * under src/test/resources/scheduler-scores: each {@code NAME.xml} has a reviewed {@code
 * NAME.scores}, sorted, in crm_simulate's line format (checked against Debian's crm_simulate 2.1.5
 * {@code -s} on the same file when written). Expectations are rewritten only with
 * -Dpaceline.golden.update=true (then review the diff).
 */
class SchedulerScoresGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/scheduler-scores");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      List<String> names =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".xml"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  static String scores(Path xml) throws Exception {
    Transition t = Scheduler.schedule(CibXmlReader.read(xml).cib());
    return t.scores().stream().map(ScoreLine::format).sorted().collect(Collectors.joining("\n"))
        + "\n";
  }

  @ParameterizedTest
  @MethodSource("cases")
  void scoreLinesMatchReviewedExpectation(String name) throws Exception {
    String actual = scores(DIR.resolve(name + ".xml"));
    Path expected = DIR.resolve(name + ".scores");
    if (Boolean.getBoolean("paceline.golden.update")) {
      Files.writeString(expected, actual);
      return;
    }
    assertTrue(Files.exists(expected), "no expectation for " + name);
    assertEquals(Files.readString(expected), actual, name);
  }
}
