package org.paceline.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped OCF script {@code ocf/paceline/vip} and Debian's heartbeat:IPaddr2, both inside a
 * veth pair between two network namespaces: ocf-tester passes, start adds the address and the
 * gratuitous ARP reaches the peer's neighbour table with no traffic, IPv6 works, stop removes it,
 * bad parameters give rc 6 with a reason.
 */
@Tag("root")
@Timeout(120)
class VipScriptTest {
  static final Path SCRIPT = Path.of("ocf/paceline/vip").toAbsolutePath();
  private NetnsPair net;
  private Path ocfRoot;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(NetnsPair.available(), "needs root and ip netns");
    net = new NetnsPair();
    ocfRoot = Files.createTempDirectory("ocf");
    Files.createDirectories(ocfRoot.resolve("resource.d"));
    Files.createSymbolicLink(ocfRoot.resolve("resource.d/paceline"), SCRIPT.getParent());
    Files.createSymbolicLink(
        ocfRoot.resolve("resource.d/heartbeat"), Path.of("/usr/lib/ocf/resource.d/heartbeat"));
    Files.createSymbolicLink(ocfRoot.resolve("lib"), Path.of("/usr/lib/ocf/lib"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (net != null) {
      net.close();
    }
    if (ocfRoot != null) {
      for (String p :
          new String[] {"resource.d/paceline", "resource.d/heartbeat", "lib", "resource.d", ""}) {
        Files.deleteIfExists(ocfRoot.resolve(p));
      }
    }
  }

  private String vip(int host) {
    return "10.77." + net.subnet + "." + host;
  }

  @Test
  void passesOcfTester() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ocf-tester")), "resource-agents");
    var r =
        NetnsPair.sh(
            "/usr/sbin/ocf-tester",
            "-n",
            "vip",
            "-o",
            "ip=" + vip(10),
            "-o",
            "cidr_netmask=24",
            "-o",
            "nic=" + net.nic1,
            "-o",
            "network_namespace=" + net.ns1,
            SCRIPT.toString());
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("passed all tests"), r.out());
  }

  /** The source tree's OCF script, or the copy of it the jar carries for the shell. */
  private ResourceAgent agent(String kind) {
    return kind.equals("script")
        ? new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS)
            .agent(AgentId.parse("ocf:paceline:vip"))
        : TestOcfRoot.bundled(AgentId.parse("ocf:paceline:vip"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"script", "bundled"})
  void ipv4StartAnnouncesAndStopRemoves(String kind) throws Exception {
    ResourceAgent agent = agent(kind);
    // Three announcements 3 s apart: only the first may be sent before the start returns, so a
    // start that waited for the series would miss its 5 s limit.
    Map<String, String> p =
        Map.of(
            "ip",
            vip(10),
            "cidr_netmask",
            "24",
            "nic",
            net.nic1,
            "network_namespace",
            net.ns1,
            "arp_count",
            "3",
            "arp_interval_ms",
            "3000");
    assertEquals(OcfExitCode.NOT_RUNNING, run(agent, OcfAction.MONITOR, p).rc());
    ActionResult start = agent.execute(ActionRequest.of("vip", OcfAction.START, p, 5_000));
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary() + start.stderr());
    assertTrue(net.addresses().contains(vip(10) + "/24"));
    // No packet was sent to the VIP: the entry can only come from the gratuitous ARP.
    assertTrue(net.peerNeighbours().contains(vip(10) + " "), net.peerNeighbours());
    ActionResult monitor = run(agent, OcfAction.MONITOR, p);
    assertEquals(OcfExitCode.SUCCESS, monitor.rc());
    ActionResult stop = run(agent, OcfAction.STOP, p);
    assertEquals(OcfExitCode.SUCCESS, stop.rc());
    assertFalse(net.addresses().contains(vip(10) + "/24"));
    assertEquals(OcfExitCode.SUCCESS, run(agent, OcfAction.STOP, p).rc(), "stop is idempotent");
    System.out.printf(
        kind
            + " paceline:vip start %d ms (first ARP; the rest in the background), monitor %d ms,"
            + " stop %d ms%n",
        start.durationMs(),
        monitor.durationMs(),
        stop.durationMs());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"script", "bundled"})
  void ipv6AndBadParameters(String kind) throws Exception {
    ResourceAgent agent = agent(kind);
    String v6 = "fd77:" + net.subnet + "::10";
    Map<String, String> p =
        Map.of(
            "ip",
            v6,
            "cidr_netmask",
            "64",
            "nic",
            net.nic1,
            "network_namespace",
            net.ns1,
            "arp_count",
            "1");
    assertEquals(OcfExitCode.SUCCESS, run(agent, OcfAction.START, p).rc());
    assertTrue(net.addresses().contains(v6 + "/64"), net.addresses());
    assertEquals(OcfExitCode.SUCCESS, run(agent, OcfAction.MONITOR, p).rc());
    assertEquals(OcfExitCode.SUCCESS, run(agent, OcfAction.STOP, p).rc());
    assertFalse(net.addresses().contains(v6 + "/64"));

    ActionResult bad =
        run(
            agent,
            OcfAction.START,
            Map.of("ip", "10.1.2.300x", "nic", net.nic1, "network_namespace", net.ns1));
    assertEquals(OcfExitCode.NOT_CONFIGURED, bad.rc());
    assertTrue(bad.exitReason().contains("is not an IPv4 or IPv6 address"), bad.exitReason());
    // send_arp never returns with -i 1: refused before anything changes.
    ActionResult badInterval =
        run(
            agent,
            OcfAction.START,
            Map.of(
                "ip",
                vip(12),
                "nic",
                net.nic1,
                "network_namespace",
                net.ns1,
                "arp_interval_ms",
                "1"));
    assertEquals(OcfExitCode.NOT_CONFIGURED, badInterval.rc());
    assertTrue(
        badInterval.exitReason().contains("arp_interval_ms at least 10"), badInterval.exitReason());
    assertFalse(net.addresses().contains(vip(12) + "/32"), net.addresses());
    ActionResult noNic =
        run(
            agent,
            OcfAction.START,
            Map.of("ip", vip(11), "nic", "nosuch0", "network_namespace", net.ns1));
    assertEquals(OcfExitCode.NOT_CONFIGURED, noNic.rc());
    assertEquals("interface nosuch0 does not exist", noNic.exitReason());
    assertEquals(
        OcfExitCode.NOT_RUNNING,
        run(
                agent,
                OcfAction.MONITOR,
                Map.of("ip", vip(11), "nic", "nosuch0", "network_namespace", net.ns1))
            .rc(),
        "a probe on a node without the interface reports not running");
  }

  @Test
  void bundledMetadataMatchesTheScript() throws Exception {
    AgentMetadata bundled = TestOcfRoot.bundled(AgentId.parse("ocf:paceline:vip")).metadata();
    AgentMetadata script =
        new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS)
            .agent(AgentId.parse("ocf:paceline:vip"))
            .metadata();
    assertEquals(script, bundled);
  }

  @Test
  void debianIpaddr2InANamespace() throws Exception {
    ResourceAgent agent =
        new OcfAgentDirectory(ocfRoot, OcfRunnerLimits.DEFAULTS)
            .agent(AgentId.parse("ocf:heartbeat:IPaddr2"));
    Map<String, String> p =
        Map.of("ip", vip(20), "cidr_netmask", "24", "nic", net.nic1, "network_namespace", net.ns1);
    ActionResult start = run(agent, OcfAction.START, p);
    assertEquals(OcfExitCode.SUCCESS, start.rc(), start.summary() + start.stderr());
    ActionResult monitor = run(agent, OcfAction.MONITOR, p);
    assertEquals(OcfExitCode.SUCCESS, monitor.rc());
    assertEquals(
        0, NetnsPair.sh("ip", "netns", "exec", net.ns2, "ping", "-c1", "-W2", vip(20)).exit());
    ActionResult stop = run(agent, OcfAction.STOP, p);
    assertEquals(OcfExitCode.SUCCESS, stop.rc());
    assertEquals(OcfExitCode.NOT_RUNNING, run(agent, OcfAction.MONITOR, p).rc());
    System.out.printf(
        "heartbeat:IPaddr2 start %d ms, monitor %d ms, stop %d ms%n",
        start.durationMs(), monitor.durationMs(), stop.durationMs());
  }

  private static ActionResult run(ResourceAgent a, OcfAction action, Map<String, String> p) {
    return a.execute(ActionRequest.of("vip", action, p, 20_000));
  }
}
