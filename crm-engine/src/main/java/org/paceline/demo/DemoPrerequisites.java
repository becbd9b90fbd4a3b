package org.paceline.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code paceline demo} runs besides Java, each with the Debian package that provides it, so
 * that the demo can name what is missing before it starts anything instead of failing a minute
 * later on an agent's "not installed". The demo's agents (demo-ip, demo-db, demo-policy) and its
 * power switch (fence_paceline_demo) are POSIX sh scripts; their listeners run on the demo's own
 * java. Every tool here is in Debian's base system, so a missing one means a stripped machine.
 */
final class DemoPrerequisites {
  /** Tool name to the Debian package that provides it, in the order they are reported. */
  static final Map<String, String> TOOLS = tools();

  private DemoPrerequisites() {}

  private static Map<String, String> tools() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sh", "dash"); // the agents' interpreter
    m.put("bash", "bash"); // its /dev/tcp checks the listeners' ports
    m.put("setsid", "util-linux"); // daemons and listeners in their own sessions
    m.put("kill", "procps"); // the power switch and teardown signal process groups
    m.put("timeout", "coreutils"); // bounds each port check
    m.put("sed", "sed");
    for (String c :
        new String[] {
          "cat", "tail", "tr", "mkdir", "rm", "readlink", "dirname", "uname", "sleep", "ls"
        }) {
      m.put(c, "coreutils");
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * The tools not found as executable regular files on {@code path} (a PATH value), each as "TOOL
   * (Debian package PACKAGE)"; empty when everything is there.
   */
  static List<String> missing(String path) {
    List<String> dirs = new ArrayList<>();
    for (String d : (path == null ? "" : path).split(File.pathSeparator)) {
      if (!d.isEmpty()) {
        dirs.add(d);
      }
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> t : TOOLS.entrySet()) {
      if (!found(t.getKey(), dirs)) {
        out.add(t.getKey() + " (Debian package " + t.getValue() + ")");
      }
    }
    return out;
  }

  private static boolean found(String tool, List<String> dirs) {
    for (String d : dirs) {
      Path p = Path.of(d, tool);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return true;
      }
    }
    return false;
  }
}
