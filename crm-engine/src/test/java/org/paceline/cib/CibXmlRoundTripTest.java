package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("unit")
class CibXmlRoundTripTest {
  static Stream<String> cases() throws Exception {
    List<String> cases = PacemakerCorpus.cases();
    assertEquals(103, cases.size(), "the corpus lists 103 cases");
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void xmlModelXmlIsIdentical(String name) throws Exception {
    Cib first = CibXmlReader.read(PacemakerCorpus.xml(name)).cib();
    assertFalse(
        first.configuration().resources().isEmpty() && first.status().isEmpty(),
        "the case has content");
    String written = CibXmlWriter.write(first);
    Cib second = CibXmlReader.read(written, name + " (rewritten)").cib();
    assertEquals(first, second);
    assertEquals(written, CibXmlWriter.write(second), "writing is stable");
    assertFalse(written.contains("\"Master\""), "old role words are not written");
    assertFalse(written.contains("\"Slave\""), "old role words are not written");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void idsArePreserved(String name) throws Exception {
    String original = java.nio.file.Files.readString(PacemakerCorpus.xml(name));
    String written = CibXmlWriter.write(CibXmlReader.read(PacemakerCorpus.xml(name)).cib());
    var ids = java.util.regex.Pattern.compile(" id=\"([^\"]*)\"").matcher(original);
    while (ids.find()) {
      assertTrue(written.contains(" id=\"" + ids.group(1) + "\""), "id kept: " + ids.group(1));
    }
  }
}
