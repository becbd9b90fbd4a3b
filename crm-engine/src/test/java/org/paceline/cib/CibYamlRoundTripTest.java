package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("unit")
class CibYamlRoundTripTest {
  static Stream<String> cases() throws Exception {
    return PacemakerCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void xmlYamlXmlIsIdentical(String name) throws Exception {
    Cib fromXml = CibXmlReader.read(PacemakerCorpus.xml(name)).cib();
    String yaml = CibYaml.write(fromXml);
    Cib fromYaml = CibYaml.read(yaml, name + ".yaml").cib();
    String xml = CibXmlWriter.write(fromYaml);
    assertEquals(CibXmlWriter.write(fromXml), xml, "XML -> YAML -> XML writes the same XML");
    assertEquals(fromXml, fromYaml, "XML -> YAML -> model");
    assertEquals(fromXml, CibXmlReader.read(xml, name).cib(), "and reads back identical");
  }
}
