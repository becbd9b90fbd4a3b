package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the validator says of rsc_ticket constraints, utilization values and node ids: Pacemaker's
 * configuration errors are errors; what Pacemaker resets or reads as 0 is a warning; what it
 * accepts passes.
 */
@Tag("unit")
class CibValidatorFindingsTest {

  private static List<Problem> validate(String constraints, String utilization) throws Exception {
    return validate("", constraints, utilization);
  }

  private static List<Problem> validate(String nodes, String constraints, String utilization)
      throws Exception {
    String cib =
        "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.7\">"
            + "<configuration><crm_config><cluster_property_set id=\"o\">"
            + "<nvpair id=\"o-s\" name=\"stonith-enabled\" value=\"false\"/>"
            + "</cluster_property_set></crm_config><nodes>"
            + nodes
            + "</nodes><resources>"
            + "<primitive id=\"a\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
            + "<utilization id=\"a-u\">"
            + utilization
            + "</utilization></primitive>"
            + "</resources><constraints>"
            + constraints
            + "</constraints></configuration><status/></cib>";
    return CibValidator.validate(CibXmlReader.read(cib, "test").cib());
  }

  private static List<String> messages(List<Problem> problems, Problem.Severity severity) {
    return problems.stream()
        .filter(p -> p.severity() == severity)
        .map(p -> p.id() + ": " + p.message())
        .toList();
  }

  @Test
  void aWellFormedTicketAndIntegerUtilizationPass() throws Exception {
    List<Problem> problems =
        validate(
            "<rsc_ticket id=\"t1\" ticket=\"ticketA\" rsc=\"a\" loss-policy=\"fence\"/>"
                + "<rsc_ticket id=\"t2\" ticket=\"ticketB\"><resource_set id=\"s\">"
                + "<resource_ref id=\"a\"/></resource_set></rsc_ticket>",
            "<nvpair id=\"a-cpu\" name=\"cpu\" value=\"2\"/>");
    assertEquals(List.of(), problems);
  }

  @Test
  void aTicketWithoutTicketOrResourceOrWithAnUnknownResourceIsAnError() throws Exception {
    List<Problem> problems =
        validate(
            "<rsc_ticket id=\"t1\" rsc=\"a\"/>"
                + "<rsc_ticket id=\"t2\" ticket=\"x\"/>"
                + "<rsc_ticket id=\"t3\" ticket=\"x\" rsc=\"nope\"/>"
                + "<rsc_ticket id=\"t4\" ticket=\"x\"><resource_set id=\"s\">"
                + "<resource_ref id=\"gone\"/></resource_set></rsc_ticket>",
            "");
    assertTrue(CibValidator.hasErrors(problems));
    assertEquals(
        List.of(
            "t1: missing ticket",
            "t2: names no resource (rsc or a resource_set)",
            "t3: rsc refers to unknown resource 'nope'",
            "t4: resource_set 's' refers to unknown resource 'gone'"),
        messages(problems, Problem.Severity.ERROR));
  }

  @Test
  void aBadLossPolicyAndANonIntegerUtilizationAreWarnings() throws Exception {
    List<Problem> problems =
        validate(
            "<rsc_ticket id=\"t1\" ticket=\"x\" rsc=\"a\" loss-policy=\"explode\"/>",
            "<nvpair id=\"a-cpu\" name=\"cpu\" value=\"two\"/>");
    assertFalse(CibValidator.hasErrors(problems), problems.toString());
    List<String> warnings = messages(problems, Problem.Severity.WARNING);
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("a-cpu: utilization 'cpu' = 'two' is not an integer"));
    assertTrue(warnings.get(1).startsWith("t1: bad loss-policy 'explode'"));
  }

  @Test
  void aRemoteNodeMayShareItsIdWithItsConnectionButNodeIdsAreUnique() throws Exception {
    // Pacemaker Remote: the node's id and uname are the id of its connection resource ("a").
    assertEquals(List.of(), validate("<node id=\"a\" uname=\"a\" type=\"remote\"/>", "", ""));
    List<Problem> problems =
        validate("<node id=\"1\" uname=\"n1\"/><node id=\"1\" uname=\"n2\"/>", "", "");
    assertEquals(List.of("1: duplicate node id '1'"), messages(problems, Problem.Severity.ERROR));
  }
}
