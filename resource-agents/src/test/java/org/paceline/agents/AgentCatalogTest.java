package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The catalog knows Paceline's own agents on any machine: the OCF root's copy when it is installed
 * there (what the daemon runs), otherwise the copy of the script the jar carries.
 */
@Tag("unit")
class AgentCatalogTest {
  private static final AgentId VIP = AgentId.ocf("paceline", "vip");

  @Test
  void listsPacelinesAgentsWithoutDuplicatesNextToTheRootsScripts() throws Exception {
    try (TestOcfRoot ocf = new TestOcfRoot()) {
      ocf.add("Mine", "exit 0");
      Files.createDirectories(ocf.root.resolve("resource.d/paceline"));
      Path installed = ocf.root.resolve("resource.d/paceline/vip");
      Files.writeString(installed, "#!/bin/sh\nexit 0\n");
      installed.toFile().setExecutable(true);
      AgentCatalog catalog = new AgentCatalog(ocf.directory(), OcfRunnerLimits.DEFAULTS);
      assertEquals(
          "[ocf:paceline:filesync, ocf:paceline:pgsql, ocf:paceline:policy-server,"
              + " ocf:paceline:vip, ocf:test:Mine]",
          catalog.list().toString());
      // Installed: the root's copy is the one used, as the daemon uses it.
      OcfScriptAgent vip = assertInstanceOf(OcfScriptAgent.class, catalog.agent(VIP));
      assertEquals(installed, vip.script());
    }
  }

  @Test
  @Tag("process")
  void notInstalledItRunsTheJarsCopyOfTheScript() throws Exception {
    ResourceAgent vip = TestOcfRoot.bundled(VIP);
    OcfScriptAgent script = assertInstanceOf(OcfScriptAgent.class, vip);
    assertTrue(Files.isExecutable(script.script()), script.script().toString());
    assertEquals(Files.readString(Path.of("ocf/paceline/vip")), Files.readString(script.script()));
    AgentMetadata md = vip.metadata();
    assertTrue(md.parameters().stream().anyMatch(p -> p.name().equals("ip") && p.required()));
    ActionResult r = vip.execute(ActionRequest.of("v", OcfAction.VALIDATE_ALL, Map.of(), 5_000));
    assertEquals(OcfExitCode.NOT_CONFIGURED, r.rc(), r.summary());
  }
}
