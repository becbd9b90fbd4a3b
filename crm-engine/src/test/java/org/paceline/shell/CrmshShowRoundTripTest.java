package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.cib.CibFiles;
import org.paceline.cib.Configuration;

/**
 * What {@code configure show} prints is crmsh input: feeding its statements (except the node lines)
 * back to the parser on a configuration with only the nodes shows the same text again.
 */
@Tag("unit")
class CrmshShowRoundTripTest {
  @ParameterizedTest
  @ValueSource(strings = {"demo-trio.xml", "hub-pair.xml"})
  void showOfAnExampleConfigurationReadsBack(String name) throws Exception {
    Configuration original =
        CibFiles.read(Path.of("../examples/cib/" + name)).cib().configuration();
    String shown = CrmshShow.render(original);
    Configuration c =
        new Configuration(null, original.nodes(), null, null, null, null, null, null, null);
    for (String statement : shown.replace(" \\\n\t", " ").split("\n")) {
      if (statement.startsWith("node ")) {
        continue;
      }
      CrmshConfigure.Result r =
          CrmshConfigure.apply(c, ShellWords.split(statement), AgentParameters.none());
      if (r instanceof CrmshConfigure.Failed f) {
        throw new AssertionError(statement + ": " + f.message());
      }
      c = ((CrmshConfigure.Changed) r).configuration();
    }
    assertEquals(shown, CrmshShow.render(c));
    assertEquals(
        List.of(),
        org.paceline.cib.CibValidator.validate(c).stream()
            .filter(p -> p.severity() == org.paceline.cib.Problem.Severity.ERROR)
            .toList());
  }
}
