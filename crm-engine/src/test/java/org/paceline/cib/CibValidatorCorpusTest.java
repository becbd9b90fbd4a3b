package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pacemaker accepts every case of its own corpus, so the validator must find no error in them. */
class CibValidatorCorpusTest {
  static Stream<String> cases() throws Exception {
    return PacemakerCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void noFalseErrors(String name) throws Exception {
    CibDocument doc = CibXmlReader.read(PacemakerCorpus.xml(name));
    var problems = CibValidator.validate(doc.cib());
    assertFalse(
        CibValidator.hasErrors(problems),
        () -> String.join("\n", problems.stream().map(p -> p.format(doc.locations())).toList()));
  }
}
