package org.paceline.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.CibXmlReader;

/** What the node runs for a resource id, read from the CIB as Pacemaker's executor gets it. */
@Tag("unit")
class ResourceDefinitionsTest {
  @Test
  void aPrimitiveMadeFromATemplateRunsTheTemplatesAgentWithBothParameterSets() throws Exception {
    String xml =
        """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config/>
            <nodes/>
            <resources>
              <template id="web-t" class="ocf" provider="heartbeat" type="Dummy">
                <instance_attributes id="web-t-ia">
                  <nvpair id="t1" name="fake" value="shared"/>
                </instance_attributes>
              </template>
              <primitive id="web1" template="web-t">
                <instance_attributes id="web1-ia">
                  <nvpair id="w1" name="state" value="/run/web1.state"/>
                </instance_attributes>
              </primitive>
            </resources>
            <constraints/>
          </configuration>
          <status/>
        </cib>
        """;
    List<String> why = new ArrayList<>();
    Optional<ResolvedResource> r =
        ResourceDefinitions.resolve(CibXmlReader.read(xml, "t").cib(), "web1", why);
    assertTrue(r.isPresent(), why.toString());
    assertEquals("ocf:heartbeat:Dummy", r.get().primitive().agent());
    assertEquals("shared", r.get().spec().parameters().get("fake"));
    assertEquals("/run/web1.state", r.get().spec().parameters().get("state"));
  }
}
