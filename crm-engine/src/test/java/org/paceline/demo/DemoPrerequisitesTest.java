package org.paceline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's check of what it runs besides Java: names each missing tool with its package. */
@Tag("unit")
class DemoPrerequisitesTest {
  @Test
  void everyToolOnThePathIsEnough(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    int i = 0;
    for (String tool : DemoPrerequisites.TOOLS.keySet()) {
      executable((i++ % 2 == 0 ? a : b).resolve(tool));
    }
    assertEquals(List.of(), DemoPrerequisites.missing(a + ":" + b));
  }

  @Test
  void aMissingOrUnrunnableToolIsNamedWithItsPackage(@TempDir Path tmp) throws Exception {
    for (String tool : DemoPrerequisites.TOOLS.keySet()) {
      if (!tool.equals("setsid") && !tool.equals("kill")) {
        executable(tmp.resolve(tool));
      }
    }
    // kill exists but cannot be run (as when /dev/null is mounted over it: not a regular file
    // either); setsid does not exist at all.
    Files.writeString(tmp.resolve("kill"), "");
    assertEquals(
        List.of("setsid (Debian package util-linux)", "kill (Debian package procps)"),
        DemoPrerequisites.missing(tmp.toString()));
    List<String> all = DemoPrerequisites.missing("");
    assertEquals(DemoPrerequisites.TOOLS.size(), all.size());
    assertTrue(all.contains("bash (Debian package bash)"), all.toString());
  }

  private static void executable(Path p) throws Exception {
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
