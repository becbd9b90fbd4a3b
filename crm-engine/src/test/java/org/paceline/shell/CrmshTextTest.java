package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CrmshTextTest {
  @Test
  void continuationsJoinCommentsDropAndQuotesGroup() throws Exception {
    List<CrmshText.Statement> s =
        CrmshText.statements(
            "# comment\n"
                + "\n"
                + "primitive p stonith:fence_x \\\n"
                + "\tparams pcmk_host_list=\"n1 n2\" \\\n"
                + "\top monitor interval=60s\n"
                + "group g p\n");
    assertEquals(2, s.size());
    assertEquals(3, s.get(0).line());
    assertEquals(
        List.of(
            "primitive",
            "p",
            "stonith:fence_x",
            "params",
            "pcmk_host_list=n1 n2",
            "op",
            "monitor",
            "interval=60s"),
        s.get(0).words());
    assertEquals(6, s.get(1).line());
  }

  @Test
  void loadOrderPutsWhatOthersNameFirst() throws Exception {
    List<CrmshText.Statement> s =
        CrmshText.inLoadOrder(
            CrmshText.statements(
                "location l g 100: n1\ngroup g a b\nprimitive a ocf:pacemaker:Dummy\n"
                    + "property stonith-enabled=false\nprimitive b ocf:pacemaker:Dummy\n"));
    assertEquals(
        List.of("property", "primitive", "primitive", "group", "location"),
        s.stream().map(CrmshText.Statement::command).toList());
    assertEquals("a", CrmshText.definedId(s.get(1)));
  }

  @Test
  void whatIsNotCrmshIsToldApartAndBadLinesAreNamed() {
    assertTrue(CrmshText.looksLikeCrmsh("\n# x\nprimitive a ocf:pacemaker:Dummy\n"));
    assertFalse(CrmshText.looksLikeCrmsh("<cib/>"));
    assertFalse(CrmshText.looksLikeCrmsh("configuration:\n  resources: []\n"));
    CrmshText.CrmshTextException e =
        assertThrows(
            CrmshText.CrmshTextException.class,
            () -> CrmshText.statements("primitive a ocf:pacemaker:Dummy\nprimitive b \"x\n"));
    assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
  }
}
