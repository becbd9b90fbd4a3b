package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OperationsReferencesTest {
  private static final String CIB =
      """
      <cib epoch="1" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.0">
        <configuration>
          <crm_config/>
          <nodes/>
          <resources>
            <primitive id="a" class="ocf" provider="pacemaker" type="Dummy">
              <operations id="shared-ops">
                <op id="a-monitor-5s" name="monitor" interval="5s" timeout="30s"/>
                <op id="a-stop-0s" name="stop" interval="0s" on-fail="block"/>
              </operations>
            </primitive>
            <group id="g">
              <primitive id="b" class="ocf" provider="pacemaker" type="Dummy">
                <operations id-ref="shared-ops"/>
              </primitive>
            </group>
          </resources>
          <constraints/>
        </configuration>
        <status/>
      </cib>
      """;

  @Test
  void aReferencedOperationsElementGivesItsOpsForScheduling() throws Exception {
    Cib cib = CibXmlReader.read(CIB, "test").cib();
    Cib expanded = TemplateExpansion.expand(cib);
    Group g = (Group) expanded.configuration().resources().get(1);
    Primitive b = (Primitive) g.members().get(0);
    assertEquals(
        List.of("a-monitor-5s", "a-stop-0s"), b.operations().stream().map(Op::id).toList());
    assertTrue(b.otherChildren().isEmpty(), "the reference is resolved, not kept beside the ops");
  }

  @Test
  void theReferenceIsWrittenBackAsRead() throws Exception {
    Cib cib = CibXmlReader.read(CIB, "test").cib();
    String written = CibXmlWriter.write(cib);
    assertTrue(written.contains("<operations id-ref=\"shared-ops\"/>"), written);
    assertEquals(cib, CibXmlReader.read(written, "rewritten").cib());
  }
}
