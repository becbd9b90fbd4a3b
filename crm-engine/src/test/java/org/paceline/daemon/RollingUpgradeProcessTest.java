package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.membership.NodeSoftware;
import org.paceline.replication.ClusterHarness;

/**
 * The rolling upgrade of docs/upgrade.md between two builds, in real processes: three daemons of an
 * "old" install tree, each started by the RPM's own launcher (packaging/bin/paceline with
 * PACELINE_HOME), are replaced one at a time by a "new" tree on the same data dir: SIGTERM (as
 * {@code systemctl stop}: the node hands its resources over first), start from the new tree, wait
 * until it is back in the view with the same configuration, next node. The two trees are this
 * build's jars with different releases in their manifests (the version resource the launchers and
 * the daemon report), so the test exercises the procedure, the mixed-version cluster and its
 * visibility. A build of another protocol generation (NodeSoftware recompiled with PROTOCOL = 2) is
 * refused: its daemon exits 76 with the reason.
 *
 * <p>Asserted throughout (sampled every {@link ClusterHarness#POLL_MS} ms): the resource never runs
 * on two nodes. After each step: the two other nodes kept quorum and accepted a configuration
 * change while the third was down; the upgraded node rejoined with the same configuration (epoch
 * and SHA-256 of the CIB identical on all three); the resource runs on exactly one node; {@code crm
 * cluster nodes} shows each member's release, so the mixed cluster is visible.
 */
@Tag("process")
class RollingUpgradeProcessTest {
  private static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
  private static final Path LAUNCHER =
      Path.of("../packaging/bin/paceline").toAbsolutePath().normalize();
  private static final List<String> ALL = List.of("a", "b", "c");
  private static final String OLD = "0.9.0-upgradetest";
  private static final String NEW = "0.9.1-upgradetest";

  /** How long a stopping node may take to hand its resources over and exit. */
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(75);

  private ClusterHarness h;
  private Thread watcher;
  private final AtomicBoolean watching = new AtomicBoolean(true);

  @AfterEach
  void stop() throws Exception {
    watching.set(false);
    if (watcher != null) {
      watcher.join();
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void nodesAreReplacedOneAtATimeWithoutLosingQuorumTheResourceOrTheConfiguration()
      throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DUMMY), "resource-agents is not installed");
    Assumptions.assumeTrue(Files.isReadable(LAUNCHER), "packaging/bin/paceline not found");
    h = ClusterHarness.threeVoters();
    Path oldTree = install(h.dir().resolve("old"), OLD);
    Path newTree = install(h.dir().resolve("new"), NEW);
    assertEquals("Paceline " + OLD, version(oldTree));
    assertEquals("Paceline " + NEW, version(newTree));
    for (String n : ALL) {
      use(n, oldTree);
    }
    h.startAll();
    h.awaitFormed(ALL);
    String answer =
        h.call(
            "a",
            "load "
                + Base64.getEncoder()
                    .encodeToString(
                        ControllerProcessTest.base(false).getBytes(StandardCharsets.UTF_8)));
    assertTrue(answer.startsWith(AdminProtocol.OK), answer);
    h.await("vip running on exactly one node", () -> runningOn("vip").size() == 1);
    for (String n : ALL) {
      assertEquals(OLD, h.status(n).get("software"), n);
    }

    AtomicReference<String> twice = new AtomicReference<>();
    watcher =
        new Thread(
            () -> {
              while (watching.get()) {
                List<String> on = runningOn("vip");
                if (on.size() > 1) {
                  twice.compareAndSet(null, on.toString());
                }
                try {
                  Thread.sleep(ClusterHarness.POLL_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "double-active-watcher");
    watcher.start();

    Map<String, String> release = new LinkedHashMap<>();
    ALL.forEach(n -> release.put(n, OLD));
    int step = 0;
    for (String n : ALL) {
      step++;
      List<String> others = new ArrayList<>(ALL);
      others.remove(n);
      // 1. Stop it as systemctl stop does: SIGTERM, the node asks the DC to move its resources.
      h.terminate(n);
      h.await(n + "'s daemon exited after SIGTERM", STOP_DEADLINE, () -> !h.isRunning(n));
      // 2. The two others keep quorum (one DC among them) and the resource, and accept an edit.
      // (Right after the exit their status may still show the old view and DC: wait for the new.)
      String othersView = String.join(",", others);
      h.await(
          "the two others " + others + " in a view of their own, quorate, with one DC among them",
          () -> {
            Map<String, String> x = h.status(others.get(0));
            Map<String, String> y = h.status(others.get(1));
            return othersView.equals(x.get("view"))
                && othersView.equals(y.get("view"))
                && "true".equals(x.get("quorate"))
                && "true".equals(y.get("quorate"))
                && others.contains(x.get("dc"))
                && x.get("dc").equals(y.get("dc"));
          });
      h.await(
          "vip on exactly one of " + others,
          () -> runningOn("vip").size() == 1 && others.contains(runningOn("vip").get(0)));
      String edit = h.call(others.get(0), "property upgrade-step " + step);
      assertTrue(edit.startsWith(AdminProtocol.OK), "edit with " + n + " down: " + edit);
      // 3. Start it from the new tree on the same data dir; it catches up and rejoins.
      use(n, newTree);
      h.start(n);
      release.put(n, NEW);
      h.awaitFormed(ALL);
      String stepValue = String.valueOf(step);
      h.await(
          "the same configuration (epoch, CIB digest, upgrade-step=" + step + ") on all nodes",
          () -> {
            List<Map<String, String>> s = ALL.stream().map(h::status).toList();
            return s.stream().allMatch(m -> stepValue.equals(m.get("property.upgrade-step")))
                && s.stream().map(m -> m.get("epoch")).distinct().count() == 1
                && s.stream().map(m -> m.get("config_sha256")).distinct().count() == 1;
          });
      h.await(
          "vip on exactly one node after " + n + " rejoined", () -> runningOn("vip").size() == 1);
      // 4. Every node tells which release each member runs, and whether they differ.
      for (String viewer : ALL) {
        Map<String, String> s = h.status(viewer);
        assertEquals(release.get(viewer), s.get("software"), viewer);
        assertEquals(String.valueOf(NodeSoftware.PROTOCOL), s.get("protocol"), viewer);
        String nodes = h.call(viewer, "nodes");
        for (String member : ALL) {
          String line =
              nodes.lines().filter(l -> l.startsWith(member + " ")).findFirst().orElse("");
          assertTrue(
              line.contains(" online ") && line.endsWith(" " + release.get(member) + "/p1"),
              viewer + " shows " + member + " as: " + line + "\n" + nodes);
        }
      }
      boolean mixed = step < ALL.size();
      h.await(
          "software_mixed=" + mixed + " on every node",
          () ->
              ALL.stream()
                  .allMatch(v -> String.valueOf(mixed).equals(h.status(v).get("software_mixed"))));
      System.out.println(
          "rolling upgrade: step "
              + step
              + " ("
              + n
              + " -> "
              + NEW
              + ") done; vip on "
              + runningOn("vip"));
    }
    watching.set(false);
    watcher.join();
    assertEquals(null, twice.get(), "vip was active on two nodes at once");
  }

  /**
   * A build of another protocol generation: this build with {@code NodeSoftware.PROTOCOL}
   * recompiled as 2. Its daemon, started next to two nodes of protocol 1, is refused at join, says
   * why in its log and exits 76; it never enters their view. The same node then joins from a
   * compatible tree.
   */
  @Test
  void aBuildOfAnotherProtocolGenerationIsRefusedAndExitsWithTheReason() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(LAUNCHER), "packaging/bin/paceline not found");
    Assumptions.assumeTrue(
        javax.tools.ToolProvider.getSystemJavaCompiler() != null, "no Java compiler (JRE only)");
    h = ClusterHarness.threeVoters();
    Path oldTree = install(h.dir().resolve("old"), OLD);
    Path classes = protocolTwo(h.dir().resolve("protocol-2-classes"));
    Path otherTree = install(h.dir().resolve("other"), "1.0.0-protocol2", classes);
    for (String n : ALL) {
      use(n, oldTree);
    }
    h.start("a");
    h.start("b");
    // wait_for_all: a and b are not quorate before they have seen c once, but they form a view.
    h.await("a and b in one view", () -> "a,b".equals(h.status("a").get("view")));
    use("c", otherTree);
    h.start("c");
    AtomicBoolean entered = new AtomicBoolean();
    h.await(
        "c refused and exited",
        () -> {
          if (h.status("a").getOrDefault("view", "").contains("c")) {
            entered.set(true);
          }
          return !h.isRunning("c");
        });
    String log = Files.readString(h.dir().resolve("c.log"));
    assertEquals(PacelineMain.EX_PROTOCOL, h.exitValue("c"), log);
    assertTrue(
        log.contains(
            "paceline: the cluster refused this node: incompatible protocol: this node runs"
                + " Paceline 1.0.0-protocol2 (protocol 2), the cluster runs Paceline "
                + OLD
                + " (protocol 1)"),
        log);
    assertFalse(entered.get(), "c of protocol 2 entered a's view");
    // The same node from a tree of the cluster's generation joins.
    use("c", oldTree);
    h.start("c");
    h.awaitFormed(ALL);
  }

  /** NodeSoftware compiled with PROTOCOL = 2 into {@code out}. */
  private static Path protocolTwo(Path out) throws IOException {
    Path src = Path.of("src/main/java/org/paceline/membership/NodeSoftware.java");
    String code = Files.readString(src);
    String one = "public static final int PROTOCOL = " + NodeSoftware.PROTOCOL + ";";
    assertTrue(code.contains(one), "NodeSoftware.java no longer declares: " + one);
    Path dir = Files.createDirectories(out.resolve("src/org/paceline/membership"));
    Path copy = dir.resolve("NodeSoftware.java");
    Files.writeString(copy, code.replace(one, "public static final int PROTOCOL = 2;"));
    Path classes = Files.createDirectories(out.resolve("classes"));
    int rc =
        javax.tools.ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "--release",
                "17",
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                copy.toString());
    assertEquals(0, rc, "compiling NodeSoftware with PROTOCOL = 2");
    return classes;
  }

  /** Points {@code node}'s next start at the install tree {@code tree} (its launcher and jars). */
  private void use(String node, Path tree) {
    h.launcher(node, List.of(LAUNCHER.toString()));
    h.environment(
        node,
        Map.of(
            "PACELINE_HOME",
            tree.toString(),
            "JAVA",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
  }

  /** {@code paceline --version} of an install tree, run by the RPM's launcher. */
  private static String version(Path tree) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(LAUNCHER.toString(), "--version").redirectErrorStream(true);
    pb.environment().put("PACELINE_HOME", tree.toString());
    pb.environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  /** The nodes whose run dir holds the Dummy's state file for {@code rsc}. */
  private List<String> runningOn(String rsc) {
    List<String> out = new ArrayList<>();
    for (String n : ALL) {
      if (Files.exists(h.runDir(n).resolve("Dummy-" + rsc + ".state"))) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * An install tree as the RPM lays it out ({@code TREE/lib/*.jar}, the launcher's PACELINE_HOME):
   * this module's classes as {@code crm-engine-RELEASE.jar} with {@code release} as its
   * Implementation-Version (what the jar plugin writes), and every other class path entry (the
   * runtime dependencies, plus test libraries the daemon never loads) linked or, for a sibling
   * module's classes directory, jarred.
   */
  static Path install(Path tree, String release) throws IOException {
    return install(tree, release, null);
  }

  /** An install tree whose crm-engine jar takes the class files under {@code overlay} instead. */
  static Path install(Path tree, String release, Path overlay) throws IOException {
    Path lib = Files.createDirectories(tree.resolve("lib"));
    Path classes = Path.of("target/classes").toAbsolutePath().normalize();
    Path testClasses = Path.of("target/test-classes").toAbsolutePath().normalize();
    jar(classes, lib.resolve("crm-engine-" + release + ".jar"), release, overlay);
    int i = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath().normalize();
      if (p.equals(classes) || p.equals(testClasses) || !Files.exists(p)) {
        continue;
      }
      i++;
      if (Files.isDirectory(p)) {
        jar(p, lib.resolve("module-" + i + ".jar"), null, null);
      } else if (p.toString().endsWith(".jar")) {
        Files.createSymbolicLink(lib.resolve(i + "-" + p.getFileName()), p);
      }
    }
    return tree;
  }

  private static void jar(Path dir, Path jarFile, String release, Path overlay) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (release != null) {
      m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "crm-engine");
      m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, release);
    }
    try (OutputStream out = Files.newOutputStream(jarFile);
        JarOutputStream j = new JarOutputStream(out, m);
        var files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
        if (name.isEmpty() || name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        if (Files.isDirectory(f)) {
          j.putNextEntry(new JarEntry(name + "/"));
        } else {
          j.putNextEntry(new JarEntry(name));
          Path replacement = overlay == null ? null : overlay.resolve(name);
          Files.copy(replacement != null && Files.exists(replacement) ? replacement : f, j);
        }
        j.closeEntry();
      }
    }
  }
}
