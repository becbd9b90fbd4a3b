package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * Clone notifications in a real cluster: three daemons, a clone with {@code notify=true} of an OCF
 * script that writes each notification it is given (type, operation and the node lists from its
 * {@code OCF_RESKEY_CRM_meta_notify_*} environment) to a log in its node's run dir. A cold start
 * tells every instance of the starts after them; a node put in standby is told of its own stop
 * before it, and the others before and after it.
 */
@Tag("process")
class NotificationProcessTest {
  private static final List<String> NODES = List.of("a", "b", "c");
  private ClusterHarness h;

  private static final String AGENT =
      """
      #!/bin/sh
      # A stateless thing that records the notifications it gets (test agent).
      S="$HA_RSCTMP/Notifier.state"
      case "$1" in
        start) touch "$S"; exit 0 ;;
        stop) rm -f "$S"; exit 0 ;;
        monitor) [ -f "$S" ] && exit 0; exit 7 ;;
        notify)
          echo "$OCF_RESKEY_CRM_meta_notify_type $OCF_RESKEY_CRM_meta_notify_operation\
       start=[$OCF_RESKEY_CRM_meta_notify_start_uname]\
       stop=[$OCF_RESKEY_CRM_meta_notify_stop_uname]\
       active=[$OCF_RESKEY_CRM_meta_notify_active_uname]" >> "$HA_RSCTMP/notify.log"
          exit 0 ;;
        meta-data)
          echo '<?xml version="1.0"?><resource-agent name="Notifier"><version>1.0</version>'
          echo '<parameters/><actions><action name="start" timeout="20s"/>'
          echo '<action name="stop" timeout="20s"/><action name="monitor" timeout="20s"/>'
          echo '<action name="notify" timeout="20s"/><action name="meta-data" timeout="5s"/>'
          echo '</actions></resource-agent>'
          exit 0 ;;
        validate-all) exit 0 ;;
        *) exit 3 ;;
      esac
      """;

  private static final String CIB =
      """
      <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
        <configuration>
          <crm_config>
            <cluster_property_set id="cib-bootstrap-options">
              <nvpair id="o-stonith" name="stonith-enabled" value="false"/>
            </cluster_property_set>
          </crm_config>
          <nodes>
            <node id="1" uname="a"/>
            <node id="2" uname="b"/>
            <node id="3" uname="c"/>
          </nodes>
          <resources>
            <clone id="told">
              <meta_attributes id="told-meta">
                <nvpair id="told-notify" name="notify" value="true"/>
              </meta_attributes>
              <primitive id="notifier" class="ocf" provider="test" type="Notifier">
                <operations>
                  <op id="notifier-mon" name="monitor" interval="2s" timeout="10s"/>
                </operations>
              </primitive>
            </clone>
          </resources>
          <constraints/>
        </configuration>
        <status/>
      </cib>
      """;

  @BeforeEach
  void start() throws Exception {
    Path system = Path.of("/usr/lib/ocf");
    Assumptions.assumeTrue(
        Files.isDirectory(system.resolve("lib/heartbeat")), "resource-agents is not installed");
    h = ClusterHarness.threeVoters();
    // An OCF root of the system's agents and library plus the test's own agent.
    Path root = h.dir().resolve("ocf");
    Files.createDirectories(root.resolve("resource.d/test"));
    Files.createSymbolicLink(root.resolve("lib"), system.resolve("lib"));
    Files.createSymbolicLink(
        root.resolve("resource.d/heartbeat"), system.resolve("resource.d/heartbeat"));
    Path agent = root.resolve("resource.d/test/Notifier");
    Files.writeString(agent, AGENT);
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    h.extraConfig("ocf_root: " + root);
    h.startAll();
    h.awaitFormed(NODES);
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private List<String> told(String node) {
    try {
      return Files.readAllLines(h.runDir(node).resolve("notify.log"));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private boolean running(String node) {
    return Files.exists(h.runDir(node).resolve("Notifier.state"));
  }

  @Test
  void instancesAreToldOfStartsAfterThemAndOfAStopBeforeAndAfterIt() throws Exception {
    h.load("a", CIB);
    h.await(
        "every instance running and told of the starts",
        () ->
            NODES.stream()
                .allMatch(
                    n ->
                        running(n) && told(n).stream().anyMatch(l -> l.startsWith("post start "))));
    for (String n : NODES) {
      // A starting instance is not told before its own start, only after.
      assertFalse(told(n).stream().anyMatch(l -> l.startsWith("pre start ")), n + ": " + told(n));
      assertTrue(
          told(n).stream().anyMatch(l -> l.startsWith("post start ") && l.contains(n)),
          n + ": " + told(n));
    }

    String answer = h.call("a", "node-attr c standby on");
    assertTrue(answer.startsWith(AdminProtocol.OK), answer);
    h.await(
        "c stopped and a and b told after it",
        () ->
            !running("c")
                && List.of("a", "b").stream()
                    .allMatch(
                        n ->
                            told(n).stream()
                                .anyMatch(
                                    l -> l.startsWith("post stop ") && l.contains("stop=[c]"))));
    for (String n : NODES) {
      assertTrue(
          told(n).stream().anyMatch(l -> l.startsWith("pre stop ") && l.contains("stop=[c]")),
          n + " is told before the stop: " + told(n));
    }
    assertFalse(
        told("c").stream().anyMatch(l -> l.startsWith("post stop ")),
        "c stopped: it is not told after its own stop: " + told("c"));
    assertTrue(running("a") && running("b"));
  }
}
