package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The status section's operations are read straight from the stream (no tree node per op). */
@Tag("unit")
class CibXmlReaderStatusTest {
  private static String cib(String ops) {
    return """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration><crm_config/><nodes><node id="1" uname="a"/></nodes>
          <resources/><constraints/></configuration>
          <status><node_state id="1" uname="a" in_ccm="true" crmd="online" join="member">
            <lrm id="1"><lrm_resources><lrm_resource id="r" class="ocf" provider="heartbeat" type="Dummy">
        """
        + ops
        + """
            </lrm_resource></lrm_resources></lrm></node_state></status>
        </cib>
        """;
  }

  @Test
  void operationsKeepTheirOrderFieldsAndOtherAttributes() throws Exception {
    Cib c =
        CibXmlReader.read(
                cib(
                    """
              <lrm_rsc_op id="r_last_0" operation_key="r_start_0" operation="start" call-id="3"
                 rc-code="0" op-status="0" interval="0" last-rc-change="1700000000" exec-time="12"
                 op-digest="abc" transition-key="1:2:0:u" exit-reason="" on_node="a"/>
              <lrm_rsc_op id="r_monitor_10000" operation_key="r_monitor_10000" operation="monitor"
                 call-id="4" rc-code="7" op-status="0" interval="10000"/>
            """),
                "t")
            .cib();
    List<LrmRscOp> ops = c.status().get(0).lrmResources().get(0).ops();
    assertEquals(2, ops.size());
    LrmRscOp start = ops.get(0);
    assertEquals("r_last_0", start.id());
    assertEquals(3, start.callId());
    assertEquals(0, start.rcCode());
    assertEquals(1700000000L, start.lastRcChange());
    assertEquals(12L, start.execTimeMs());
    assertEquals("1:2:0:u", start.transitionKey());
    assertEquals(Map.of("exit-reason", "", "on_node", "a"), start.otherAttributes());
    assertEquals(10000, ops.get(1).intervalMs());
    assertEquals(7, ops.get(1).rcCode());
  }

  @Test
  void aBadNumberIsReportedWithItsLine() {
    CibFormatException e =
        assertThrows(
            CibFormatException.class,
            () ->
                CibXmlReader.read(
                    cib(
                        """
                  <lrm_rsc_op id="r_last_0" operation="start" call-id="seven" rc-code="0"/>
                """),
                    "t.xml"));
    assertTrue(e.getMessage().contains("t.xml:6"), e.getMessage());
    assertTrue(e.getMessage().contains("call-id: bad integer 'seven'"), e.getMessage());
  }

  @Test
  void somethingElseInsideAnLrmResourceIsRefused() {
    CibFormatException e =
        assertThrows(CibFormatException.class, () -> CibXmlReader.read(cib("<bogus/>"), "t.xml"));
    assertTrue(e.getMessage().contains("unexpected <bogus>"), e.getMessage());
  }
}
