package org.paceline.scheduler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
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
@Tag("unit")
class SchedulerScoresGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/scheduler-scores");

  static Stream<String> cases() throws IOException {
    return SchedulerGoldenTest.casesIn(DIR);
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
    SchedulerGoldenTest.matchesReviewed(DIR.resolve(name + ".scores"), actual, name);
  }
}
