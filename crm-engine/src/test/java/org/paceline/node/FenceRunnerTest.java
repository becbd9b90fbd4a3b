package org.paceline.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.agents.AgentMetadata;
import org.paceline.fencing.agents.FenceAgentDevice;
import org.paceline.fencing.agents.FenceAgentSettings;
import org.paceline.fencing.agents.MetadataLookup;

/**
 * FenceRunner with the real fence agent fence_paceline_demo against real process groups standing in
 * for demo nodes: an Effect.Fence powers the node off (its process group and the resource servers
 * recorded in its run dir die, the run dir is wiped) and is answered with a successful FenceResult;
 * a failing device and an unusable configuration are failed results; a secret in the CIB never
 * reaches the result or the fencing history, even from an agent that echoes it.
 */
@Tag("process")
@Timeout(60)
class FenceRunnerTest {
  static final Path AGENT_DIR = Path.of("../fencing/agents").toAbsolutePath().normalize();
  static final String SECRET = "s3cret-Pa55word";

  private Path tmp;
  private Path demoRoot;
  private final List<Process> started = new ArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    tmp = Files.createTempDirectory("fence-runner");
    demoRoot = tmp.resolve("demo");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A stand-in node: a session leader with two children, its pid in RUN/node.pid. */
  private Process startNode(String name) throws Exception {
    Path run = demoRoot.resolve(name).resolve("run");
    Files.createDirectories(run);
    Process p =
        new ProcessBuilder("setsid", "sh", "-c", "sleep 600 & sleep 600 & wait")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    started.add(p);
    assertTrue(await(() -> p.descendants().count() == 2, 5_000), "children started");
    Files.writeString(run.resolve("node.pid"), p.pid() + "\n");
    return p;
  }

  /** A resource server in its own session, recorded like demo-ip records its server. */
  private Process startResource(String node, String pidFile) throws Exception {
    Process p =
        new ProcessBuilder("setsid", "sleep", "600")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    started.add(p);
    Files.writeString(demoRoot.resolve(node).resolve("run").resolve(pidFile), p.pid() + "\n");
    return p;
  }

  private Cib cib(String devices) throws Exception {
    return CibXmlReader.read(
            """
            <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
              <configuration>
                <crm_config><cluster_property_set id="o">
                  <nvpair id="o1" name="stonith-timeout" value="20s"/>
                </cluster_property_set></crm_config>
                <nodes/>
                <resources>%s</resources>
                <constraints/>
              </configuration>
              <status/>
            </cib>
            """
                .formatted(devices),
            "test")
        .cib();
  }

  private String demoDevice() {
    return """
        <primitive id="fence-demo" class="stonith" type="fence_paceline_demo">
          <instance_attributes id="fd-ia">
            <nvpair id="fd-1" name="demo_root" value="%s"/>
            <nvpair id="fd-2" name="password" value="%s"/>
            <nvpair id="fd-3" name="pcmk_host_list" value="n1 n2 n3"/>
          </instance_attributes>
        </primitive>"""
        .formatted(demoRoot, SECRET);
  }

  private FenceRunner runner(Cib cib, Path agentDir) {
    return new FenceRunner(
        "n1",
        cib,
        agentDir,
        new FenceHistory(tmp.resolve("history.jsonl")),
        FenceClock.system(),
        maxMs -> 0,
        events::add);
  }

  private static boolean await(BooleanSupplier c, long timeoutMs) throws InterruptedException {
    long end = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < end) {
      if (c.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return c.getAsBoolean();
  }

  private Event.FenceResult awaitResult(String target) throws InterruptedException {
    assertTrue(
        await(
            () ->
                events.stream()
                    .anyMatch(e -> e instanceof Event.FenceResult r && r.target().equals(target)),
            30_000),
        "no FenceResult for " + target);
    return events.stream()
        .filter(e -> e instanceof Event.FenceResult r && r.target().equals(target))
        .map(e -> (Event.FenceResult) e)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void fencePowersOffADemoNodeProcessGroupAndWipesItsRunDir() throws Exception {
    Process n2 = startNode("n2");
    List<ProcessHandle> children = n2.descendants().toList();
    Process server = startResource("n2", "demo-ip-vip.pid");
    Process n3 = startNode("n3");
    try (FenceRunner r = runner(cib(demoDevice()), AGENT_DIR)) {
      r.fence(new Effect.Fence("n2", "reboot", "n2 left uncleanly"));
      Event.FenceResult result = awaitResult("n2");
      assertTrue(result.ok(), result.detail());
      assertTrue(result.detail().contains("fence-demo"), result.detail());
      assertFalse(result.detail().contains(SECRET), result.detail());
    }
    assertTrue(await(() -> !n2.isAlive(), 5_000));
    assertTrue(await(() -> children.stream().noneMatch(ProcessHandle::isAlive), 5_000));
    assertTrue(await(() -> !server.isAlive(), 5_000), "the node's resource died with it");
    assertFalse(Files.exists(demoRoot.resolve("n2/run")), "run dir wiped");
    assertTrue(n3.isAlive(), "the other node is untouched");
    assertFalse(Files.readString(tmp.resolve("history.jsonl")).contains(SECRET));
  }

  @Test
  void theAgentAnswersStatusListMonitorAndMetadata() throws Exception {
    startNode("n1");
    Files.createDirectories(demoRoot.resolve("n2"));
    FenceAgentDevice d =
        new FenceAgentDevice(
            "fd",
            new FenceAgentSettings(
                AGENT_DIR.resolve("fence_paceline_demo").toString(),
                java.util.Map.of("demo_root", demoRoot.toString()),
                null,
                "plug"));
    var on = d.status("n1", 5_000);
    assertTrue(
        on instanceof org.paceline.fencing.DeviceResult.Ok ok && ok.power() == PowerState.ON);
    var off = d.status("n2", 5_000);
    assertTrue(
        off instanceof org.paceline.fencing.DeviceResult.Ok ok && ok.power() == PowerState.OFF,
        off.toString());
    var list = d.list(5_000);
    assertTrue(
        list instanceof org.paceline.fencing.DeviceResult.Ok ok
            && ok.plugs().equals(List.of("n1", "n2")),
        list.toString());
    assertTrue(d.monitor(5_000) instanceof org.paceline.fencing.DeviceResult.Ok);
    assertTrue(d.on("n2", 5_000) instanceof org.paceline.fencing.DeviceResult.Ok, "on: no-op");
    assertTrue(
        d.off("../etc", 5_000) instanceof org.paceline.fencing.DeviceResult.Failed,
        "a plug outside the demo root is refused");
    MetadataLookup md =
        FenceAgentDevice.metadata(AGENT_DIR.resolve("fence_paceline_demo").toString());
    AgentMetadata meta = md.metadata();
    assertTrue(md.problem() == null, md.problem());
    assertEquals("fence_paceline_demo", meta.agent());
    assertTrue(meta.actions().contains("off"), meta.actions().toString());
  }

  @Test
  void aFailingDeviceIsAFailedResultWithoutTheSecret() throws Exception {
    // A careless agent that prints its whole stdin, password included, when it fails.
    Path agents = tmp.resolve("agents");
    Files.createDirectories(agents);
    Path leaky = agents.resolve("fence_leaky");
    Files.writeString(leaky, "#!/bin/sh\ncat >&2\nexit 1\n");
    Files.setPosixFilePermissions(leaky, PosixFilePermissions.fromString("rwxr-xr-x"));
    String device =
        """
        <primitive id="leaky" class="stonith" type="fence_leaky">
          <instance_attributes id="l-ia">
            <nvpair id="l-1" name="password" value="%s"/>
            <nvpair id="l-2" name="pcmk_host_list" value="n2"/>
            <nvpair id="l-3" name="pcmk_reboot_retries" value="0"/>
          </instance_attributes>
        </primitive>"""
            .formatted(SECRET);
    try (FenceRunner r = runner(cib(device), agents)) {
      r.fence(new Effect.Fence("n2", "off", "test"));
      Event.FenceResult result = awaitResult("n2");
      assertFalse(result.ok());
      assertFalse(result.detail().contains(SECRET), result.detail());
      assertTrue(result.detail().contains("leaky"), result.detail());
    }
    assertFalse(Files.readString(tmp.resolve("history.jsonl")).contains(SECRET));
  }

  @Test
  void anUnusableConfigurationOrActionIsAFailedResult() throws Exception {
    String bad =
        """
        <primitive id="bmc" class="stonith" type="ipmi">
          <instance_attributes id="b-ia">
            <nvpair id="b-1" name="password" value="%s"/>
          </instance_attributes>
        </primitive>"""
            .formatted(SECRET);
    try (FenceRunner r = runner(cib(bad), AGENT_DIR)) {
      Event.FenceResult result = r.run(cib(bad), new Effect.Fence("n2", "reboot", "test"));
      assertFalse(result.ok());
      assertTrue(result.detail().contains("bmc"), result.detail());
      assertFalse(result.detail().contains(SECRET));
      Event.FenceResult action =
          r.run(cib(demoDevice()), new Effect.Fence("n2", "explode", "test"));
      assertFalse(action.ok());
      assertTrue(action.detail().contains("reboot or off"), action.detail());
      Event.FenceResult nobody = r.run(cib(demoDevice()), new Effect.Fence("n9", "off", "t"));
      assertFalse(nobody.ok());
      assertTrue(nobody.detail().contains("no fence device"), nobody.detail());
    }
  }

  @Test
  void runDirAttributesReadTheDemoDbScore() throws Exception {
    Path dir = tmp.resolve("attributes");
    assertEquals(java.util.Map.of(), new RunDirAttributes(dir).get(), "missing dir: none");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("master-db"), "10\n");
    Files.writeString(dir.resolve("master-db.new"), "11\n");
    Files.writeString(dir.resolve(".hidden"), "x\n");
    assertEquals(java.util.Map.of("master-db", "10"), new RunDirAttributes(dir).get());
  }
}
