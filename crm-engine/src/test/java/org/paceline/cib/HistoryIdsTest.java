package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class HistoryIdsTest {
  @Test
  void aCloneInstanceNumberIsStrippedAndNothingElse() {
    assertEquals("c1", HistoryIds.baseId("c1:0"));
    assertEquals("c1", HistoryIds.baseId("c1:12"));
    assertEquals("ns:c1", HistoryIds.baseId("ns:c1:3"));
    assertEquals("c1:", HistoryIds.baseId("c1:"));
    assertEquals("c1:x1", HistoryIds.baseId("c1:x1"));
    assertEquals(":1", HistoryIds.baseId(":1"));
    assertEquals("c1", HistoryIds.baseId("c1"));
  }

  @Test
  void anonymousClonesAreThoseNotGloballyUniqueWithEveryPrimitiveInside() throws Exception {
    Cib cib =
        CibXmlReader.read(
                """
            <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
              <configuration><crm_config/><nodes/><resources>
                <primitive id="solo" class="ocf" provider="heartbeat" type="Dummy"/>
                <clone id="plain"><primitive id="p1" class="ocf" provider="heartbeat" type="Dummy"/></clone>
                <clone id="grouped"><group id="g">
                  <primitive id="g1" class="ocf" provider="heartbeat" type="Dummy"/>
                  <primitive id="g2" class="ocf" provider="heartbeat" type="Dummy"/>
                </group></clone>
                %s
                %s
              </resources><constraints/></configuration><status/>
            </cib>
            """
                    .formatted(
                        metaClone("unique", "yes", "u1"), metaClone("not-unique", "false", "n1")),
                "t")
            .cib();
    assertEquals(Set.of("p1", "g1", "g2", "n1"), cib.configuration().anonymousClonePrimitiveIds());
  }

  private static String metaClone(String id, String globallyUnique, String primitive) {
    return ("<clone id=\"%1$s\"><meta_attributes id=\"%1$s-meta\">"
            + "<nvpair id=\"%1$s-gu\" name=\"globally-unique\" value=\"%2$s\"/>"
            + "</meta_attributes>"
            + "<primitive id=\"%3$s\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
            + "</clone>")
        .formatted(id, globallyUnique, primitive);
  }
}
