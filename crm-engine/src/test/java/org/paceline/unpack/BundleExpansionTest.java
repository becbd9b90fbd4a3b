package org.paceline.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.Clone;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;

/** A bundle unpacks into the replicas pe__unpack_bundle names, and its constraints follow. */
@Tag("unit")
class BundleExpansionTest {
  private static final String CIB =
      """
      <cib validate-with="pacemaker-3.7" epoch="1" num_updates="0" admin_epoch="0">
        <configuration>
          <crm_config/>
          <nodes>
            <node id="1" uname="n1"/>
            <node id="2" uname="n2"/>
          </nodes>
          <resources>
            <bundle id="web">
              <meta_attributes id="web-meta">
                <nvpair id="web-meta-tr" name="target-role" value="Started"/>
              </meta_attributes>
              <podman image="img" replicas="2"/>
              <network ip-range-start="10.0.0.254" host-netmask="24" control-port="3121"/>
              <primitive id="httpd" class="ocf" provider="heartbeat" type="apache">
                <meta_attributes id="httpd-meta">
                  <nvpair id="httpd-meta-notify" name="notify" value="true"/>
                </meta_attributes>
              </primitive>
            </bundle>
          </resources>
          <constraints>
            <rsc_location id="web-on-n1" rsc="web" node="n1" score="100"/>
            <rsc_location id="web-promoted" rsc="web" role="Promoted" node="web-0" score="5"/>
          </constraints>
        </configuration>
        <status/>
      </cib>
      """;

  @Test
  void replicasAreContainersIpsGuestsAndAClone() throws Exception {
    Cib cib = BundleExpansion.expand(CibXmlReader.read(CIB, "t").cib());
    List<String> ids = cib.configuration().resources().stream().map(Resource::id).toList();
    assertEquals(
        List.of(
            "web",
            "web-podman-0",
            "web-ip-10.0.0.254",
            "web-0",
            "web-podman-1",
            "web-ip-10.0.1.1",
            "web-1",
            "web-clone"),
        ids);
    Primitive container = (Primitive) cib.configuration().resource("web-podman-0").orElseThrow();
    assertEquals("web-0", container.meta("remote-node").orElseThrow());
    assertEquals("Started", container.meta("target-role").orElseThrow());
    assertTrue(BundleExpansion.generated(container));
    Clone clone = (Clone) cib.configuration().resource("web-clone").orElseThrow();
    assertEquals("2", clone.meta("clone-max").orElseThrow());
    assertEquals("true", clone.meta("notify").orElseThrow());
    assertEquals("httpd", clone.child().id());
    List<String> locations =
        cib.configuration().constraints().stream()
            .filter(c -> c instanceof LocationConstraint l && l.id().startsWith("web-"))
            .map(c -> ((LocationConstraint) c).rsc() + "@" + ((LocationConstraint) c).node())
            .toList();
    // The plain location goes to every container, the role-bound one to the inner clone.
    assertTrue(locations.contains("web-podman-0@n1"), locations::toString);
    assertTrue(locations.contains("web-podman-1@n1"), locations::toString);
    assertTrue(locations.contains("web-clone@web-0"), locations::toString);
  }
}
