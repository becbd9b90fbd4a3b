package org.paceline.fencing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.CibXmlReader;
import org.paceline.fencing.DeviceSettings;
import org.paceline.fencing.agents.FenceAgentDevice;
import org.paceline.fencing.ipmi.IpmiDevice;
import org.paceline.fencing.serial.SerialPowerSwitch;

/** CIB stonith primitives, topology and stonith-timeout become the fencer's configuration. */
@Tag("unit")
class CibFencingTest {
  static String cib(String resources, String topology) {
    return """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
          <configuration>
            <crm_config><cluster_property_set id="o">
              <nvpair id="o1" name="stonith-timeout" value="90s"/>
              <nvpair id="o2" name="stonith-action" value="off"/>
            </cluster_property_set></crm_config>
            <nodes/>
            <resources>%s</resources>
            <constraints/>
            <fencing-topology>%s</fencing-topology>
          </configuration>
          <status/>
        </cib>
        """
        .formatted(resources, topology);
  }

  static String stonith(String id, String type, String... kv) {
    StringBuilder b =
        new StringBuilder("<primitive id=\"" + id + "\" class=\"stonith\" type=\"" + type + "\">");
    b.append("<instance_attributes id=\"" + id + "-ia\">");
    for (int i = 0; i < kv.length; i += 2) {
      b.append(
          "<nvpair id=\"%s-%d\" name=\"%s\" value=\"%s\"/>".formatted(id, i, kv[i], kv[i + 1]));
    }
    return b.append("</instance_attributes></primitive>").toString();
  }

  @Test
  void mapsEveryDeviceKindTopologyAndTimeouts() throws Exception {
    String xml =
        cib(
            stonith(
                    "bmc1",
                    "ipmi",
                    "ip",
                    "10.0.0.1",
                    "username",
                    "admin",
                    "password",
                    "x",
                    "pcmk_host_list",
                    "node1",
                    "pcmk_reboot_timeout",
                    "20s",
                    "pcmk_reboot_retries",
                    "1",
                    "pcmk_delay_base",
                    "2s",
                    "pcmk_delay_max",
                    "5s")
                + stonith(
                    "psu",
                    "wti_nps",
                    "ttydev",
                    "/dev/ttyS0",
                    "password",
                    "p",
                    "pcmk_host_map",
                    "node1:1;node2:2")
                + stonith(
                    "agent",
                    "fence_ipmilan",
                    "ip",
                    "10.0.0.2",
                    "username",
                    "a",
                    "password",
                    "secret",
                    "lanplus",
                    "1"),
            "<fencing-level id=\"l1\" target=\"node1\" index=\"1\" devices=\"bmc1\"/>"
                + "<fencing-level id=\"l2\" target=\"node1\" index=\"2\" devices=\"psu,agent\"/>");
    FencingConfigLoad load =
        CibFencing.load(CibXmlReader.read(xml, "t").cib(), Path.of("/usr/sbin"));
    assertEquals(List.of(), load.problems());
    FencingConfig c = load.config();
    assertTrue(c.devices().get("bmc1") instanceof IpmiDevice);
    assertTrue(c.devices().get("psu") instanceof SerialPowerSwitch);
    assertTrue(c.devices().get("agent") instanceof FenceAgentDevice);
    DeviceSettings s = c.settings().get("bmc1");
    assertEquals(20_000, s.actionTimeoutMs());
    assertEquals(1, s.maxRetries());
    assertEquals(2_000, s.delayBaseMs());
    assertEquals(5_000, s.delayMaxMs());
    assertEquals("node1", s.hostMap().plugFor("node1").orElseThrow());
    assertTrue(s.hostMap().plugFor("node2").isEmpty());
    assertEquals("2", c.settings().get("psu").hostMap().plugFor("node2").orElseThrow());
    assertEquals(2, c.topology().size());
    assertEquals(List.of("psu", "agent"), c.topology().get(1).deviceIds());
    assertEquals(90_000, c.fencerSettings().fencingTimeoutMs());
    assertEquals(org.paceline.fencing.FenceAction.OFF, c.defaultAction());
    // The agent's password goes on stdin only, never into its plain parameters.
    String stdin = ((FenceAgentDevice) c.devices().get("agent")).stdin("off", "node1");
    assertTrue(stdin.contains("password=secret\n") && stdin.contains("lanplus=1\n"), stdin);
  }

  @Test
  void problemsAreReportedPerDeviceAndLevel() throws Exception {
    String xml =
        cib(
            stonith("bmc1", "ipmi", "username", "admin", "password", "x")
                + stonith("odd", "external/ssh", "hostlist", "a"),
            "<fencing-level id=\"l1\" target=\"node1\" index=\"1\" devices=\"ghost\"/>");
    FencingConfigLoad load =
        CibFencing.load(CibXmlReader.read(xml, "t").cib(), Path.of("/usr/sbin"));
    assertNull(load.config());
    assertEquals(3, load.problems().size(), load.problems().toString());
    assertTrue(load.problems().get(0).contains("bmc1: parameter ip is required"));
    assertTrue(load.problems().get(1).contains("unsupported stonith type 'external/ssh'"));
    assertTrue(load.problems().get(2).contains("device ghost is not a stonith resource"));
  }

  @Test
  void aDeviceMadeFromAResourceTemplateIsADevice() throws Exception {
    // A stonith template (agent and shared parameters) and an instance with its own address:
    // Pacemaker fences with the instance; so must the fencer and a topology level naming it.
    String template =
        """
        <template id="ipmi-t" class="stonith" type="fence_ipmilan">
          <instance_attributes id="ipmi-t-ia">
            <nvpair id="t1" name="username" value="admin"/>
            <nvpair id="t2" name="password" value="secret"/>
          </instance_attributes>
        </template>
        <primitive id="ipmi-a" template="ipmi-t">
          <instance_attributes id="ipmi-a-ia">
            <nvpair id="a1" name="ip" value="192.0.2.10"/>
            <nvpair id="a2" name="pcmk_host_list" value="node1"/>
          </instance_attributes>
        </primitive>
        """;
    String xml =
        cib(template, "<fencing-level id=\"l1\" target=\"node1\" index=\"1\" devices=\"ipmi-a\"/>");
    FencingConfigLoad load =
        CibFencing.load(CibXmlReader.read(xml, "t").cib(), Path.of("/usr/sbin"));
    assertTrue(load.problems().isEmpty(), load.problems().toString());
    assertTrue(load.config().devices().containsKey("ipmi-a"), load.config().devices().toString());
    assertTrue(
        org.paceline.cib.CibValidator.validate(CibXmlReader.read(xml, "t").cib().configuration())
            .stream()
            .noneMatch(p -> p.message().contains("not a fence device")));
  }
}
