package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An rsc_order kind that is none of Pacemaker's words is read as Pacemaker reads it (Mandatory, its
 * score ignored), warned about, and written back as it was.
 */
@Tag("unit")
class OrderKindLenienceTest {
  private static final String CIB =
      "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.7\">"
          + "<configuration><crm_config/><nodes/><resources>"
          + "<primitive id=\"a\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
          + "<primitive id=\"b\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
          + "</resources><constraints>"
          + "<rsc_order id=\"o1\" first=\"a\" then=\"b\" kind=\"foo\" score=\"0\"/>"
          + "</constraints></configuration><status/></cib>";

  @Test
  void anUnknownKindIsMandatoryWarnedAndKept() throws Exception {
    Cib cib = CibXmlReader.read(CIB, "test").cib();
    OrderConstraint o = (OrderConstraint) cib.configuration().constraints().get(0);
    assertNull(o.kind());
    assertEquals(OrderKind.MANDATORY, o.effectiveKind(), "score 0 would make it optional");
    List<Problem> problems = CibValidator.validate(cib);
    assertFalse(CibValidator.hasErrors(problems), problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.severity() == Problem.Severity.WARNING
                        && p.id().equals("o1")
                        && p.message().contains("kind 'foo'")),
        problems.toString());
    String written = CibXmlWriter.write(cib);
    assertTrue(written.contains("kind=\"foo\""), written);
    assertTrue(written.contains("score=\"0\""), written);
    assertEquals(cib, CibXmlReader.read(written, "rewritten").cib());
  }
}
