package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.replication.ClusterHarness;

/**
 * Pacemaker's own {@code ocf:pacemaker:Stateful}, unmodified, in a real three-daemon cluster: it
 * sets its promotion score with {@code $HA_SBIN_DIR/crm_attribute --promotion} (Paceline's, which
 * the daemon gives its agents), and the cluster promotes it by that score alone (no location
 * preference). When the promoted node's daemon dies, another instance is promoted.
 */
@Tag("process")
class StatefulProcessTest {
  private static final Path STATEFUL = Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful");
  private static final List<String> NODES = List.of("a", "b", "c");
  private ClusterHarness h;

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
            <clone id="ms">
              <meta_attributes id="ms-meta">
                <nvpair id="ms-promotable" name="promotable" value="true"/>
              </meta_attributes>
              <primitive id="st" class="ocf" provider="pacemaker" type="Stateful">
                <operations>
                  <op id="st-mon-u" name="monitor" interval="2s" role="Unpromoted" timeout="20s"/>
                  <op id="st-mon-p" name="monitor" interval="1s" role="Promoted" timeout="20s"/>
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
    Assumptions.assumeTrue(
        Files.isExecutable(STATEFUL), "pacemaker-resource-agents (Stateful) is not installed");
    h = ClusterHarness.threeVoters();
    // Paceline's Pacemaker commands as agents reach them: run in the daemon through the
    // launcher's client (bin/pcmk/pcmk-client.py, with no fallback here, so a broken path fails),
    // and pacemakerd in a JVM of its own, as the launcher runs it.
    Path tools = h.dir().resolve("pcmk");
    Files.createDirectories(tools);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    Path client = Path.of("..", "bin", "pcmk", "pcmk-client.py").toAbsolutePath().normalize();
    for (String t :
        new String[] {"crm_attribute", "crm_master", "crm_node", "crm_mon", "attrd_updater"}) {
      Path script = tools.resolve(t);
      Files.writeString(script, "#!/bin/sh\nexec python3 '" + client + "' " + t + " \"$@\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path pacemakerd = tools.resolve("pacemakerd");
    Files.writeString(
        pacemakerd,
        "#!/bin/sh\nexec '"
            + java
            + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '"
            + cp
            + "' org.paceline.shell.PacemakerdCommand \"$@\"\n");
    Files.setPosixFilePermissions(pacemakerd, PosixFilePermissions.fromString("rwxr-xr-x"));
    h.extraConfig("pcmk_tools_dir: " + tools);
    for (String n : NODES) {
      // Each node's own attribute store, as each machine has its own /run.
      h.extraConfig(n, "attributes_dir: " + h.runDir(n).resolve("attributes"));
    }
    h.startAll();
    h.awaitFormed(NODES);
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private String role(String node) {
    try {
      Path f = h.runDir(node).resolve("varrun").resolve("Stateful-st.state");
      return Files.exists(f) ? Files.readString(f).strip() : "Stopped";
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private String score(String node) {
    try {
      Path f = h.runDir(node).resolve("attributes").resolve("master-st");
      return Files.exists(f) ? Files.readString(f).strip() : "";
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private List<String> promoted(List<String> nodes) {
    List<String> out = new ArrayList<>();
    for (String n : nodes) {
      if (role(n).equals("Promoted")) {
        out.add(n);
      }
    }
    return out;
  }

  /** Runs a tool as an agent on {@code node} would (its admin socket, the tools first on PATH). */
  private String tool(String node, String... cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      Path tools = h.dir().resolve("pcmk");
      if (!cmd[0].equals("bash")) {
        pb.command().set(0, tools.resolve(cmd[0]).toString());
      }
      pb.environment().put("PATH", tools + ":" + System.getenv("PATH"));
      pb.environment().put("OCF_ROOT", "/usr/lib/ocf");
      pb.environment()
          .put(
              "PACELINE_ADMIN_SOCKET",
              h.dir().resolve(node + "-data").resolve("admin.sock").toString());
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void statefulIsPromotedByTheScoreItSetsItself() throws Exception {
    h.load("a", CIB);
    h.await(
        "one instance promoted by its own score, the others unpromoted",
        () ->
            promoted(NODES).size() == 1
                && NODES.stream().filter(n -> role(n).equals("Unpromoted")).count() == 2);
    String first = promoted(NODES).get(0);
    // The scores are what Stateful set through crm_attribute --promotion: 10 promoted, 5 not.
    h.await("the promoted instance's score is 10", () -> score(first).equals("10"));
    for (String n : NODES) {
      if (!n.equals(first)) {
        assertEquals("5", score(n), n + "'s promotion score");
      }
    }

    // What agents ask the cluster, through the same tools, on another node.
    String other = NODES.stream().filter(n -> !n.equals(first)).findFirst().orElseThrow();
    assertEquals(other + "\n", tool(other, "crm_node", "-n"));
    assertEquals("1\n", tool(other, "crm_node", "-q"));
    assertEquals("a b c\n", tool(other, "crm_node", "-p"));
    assertEquals("1 a member\n2 b member\n3 c member\n", tool(other, "crm_node", "-l"));
    // resource-agents' own helper finds the cluster's node name, not the host's.
    assertEquals(
        other + "\n",
        tool(
            other,
            "bash",
            "-c",
            ". /usr/lib/ocf/lib/heartbeat/ocf-shellfuncs; ocf_local_nodename"));
    // Another node's transient attribute, read from the status this node has.
    h.await(
        "the promoted node's score visible from " + other,
        () ->
            tool(other, "crm_attribute", "-G", "-q", "-n", "master-st", "-N", first, "-l", "reboot")
                .equals("10\n"));

    // Another node's transient attribute set from here, as heartbeat's pgsql agent sets its
    // standbys' status: the target holds it at once (read there and from here), and a delete
    // from here removes it there.
    assertEquals(
        "",
        tool(
            other,
            "crm_attribute",
            "-l",
            "reboot",
            "-N",
            first,
            "-n",
            "pgsql-status",
            "-v",
            "HS:sync"));
    assertEquals(
        "HS:sync\n",
        tool(first, "crm_attribute", "-l", "reboot", "-n", "pgsql-status", "-G", "-q"));
    assertEquals(
        "HS:sync\n",
        tool(
            other, "crm_attribute", "-l", "reboot", "-N", first, "-n", "pgsql-status", "-G", "-q"));
    tool(other, "crm_attribute", "-l", "reboot", "-N", first, "-n", "pgsql-status", "-D");
    assertEquals(
        "", tool(first, "crm_attribute", "-l", "reboot", "-n", "pgsql-status", "-G", "-q"));

    // crm_mon's XML, searched line by line as heartbeat's pgsql agent does.
    String mon = tool(other, "crm_mon", "-1", "--output-as=xml");
    assertTrue(
        mon.lines()
            .anyMatch(l -> l.matches(".*<resource id=\"st\" .* role=\"(Promoted|Master)\".*")),
        mon);
    for (String n : NODES) {
      assertTrue(
          mon.lines().anyMatch(l -> l.matches(".*<node name=\"" + n + "\" .* online=\"true\".*")),
          mon);
    }

    // A private attribute, as PAF keeps lsn_location: set on one node, read on another, never in
    // the CIB; the query line exactly as PAF's regular expression wants it.
    assertEquals(
        "",
        tool(
            other,
            "attrd_updater",
            "--private",
            "-l",
            "reboot",
            "-n",
            "lsn_location-st",
            "-U",
            "1#0/5000060"));
    String line = "name=\"lsn_location-st\" host=\"" + other + "\" value=\"1#0/5000060\"\n";
    h.await(
        "the private attribute readable on " + first,
        () ->
            tool(
                    first,
                    "attrd_updater",
                    "--private",
                    "-l",
                    "reboot",
                    "-n",
                    "lsn_location-st",
                    "-Q",
                    "-N",
                    other)
                .equals(line));
    assertTrue(line.strip().matches("^name=\".*\" host=\".*\" value=\"(.*)\"$"));
    assertEquals(line, tool(other, "attrd_updater", "-p", "-n", "lsn_location-st", "-Q"));
    assertEquals(line, tool(first, "attrd_updater", "-p", "-n", "lsn_location-st", "-Q", "-A"));
    assertEquals(
        "",
        tool(
            other,
            "crm_attribute",
            "-G",
            "-q",
            "-n",
            "lsn_location-st",
            "-N",
            other,
            "-l",
            "reboot"),
        "a private attribute is not in the status");
    tool(other, "attrd_updater", "-p", "-n", "lsn_location-st", "-D");
    h.await(
        "the private attribute gone on " + first,
        () ->
            tool(first, "attrd_updater", "-p", "-n", "lsn_location-st", "-Q", "-N", other)
                .isEmpty());

    h.kill(first);
    List<String> rest = NODES.stream().filter(n -> !n.equals(first)).toList();
    h.await("another instance promoted after " + first + " died", () -> promoted(rest).size() == 1);
    String second = promoted(rest).get(0);
    h.await("the new promoted instance's score is 10", () -> score(second).equals("10"));
  }
}
