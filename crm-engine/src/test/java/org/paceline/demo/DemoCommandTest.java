package org.paceline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.shell.PacelineProgram;
import picocli.CommandLine;

/**
 * {@code paceline demo --exit}: the README's main job, end to end. Three daemons, the demo agents
 * and the simulated power switch; the active node (VIP and promoted db) is killed twice and each
 * time must be fenced before the VIP answers from a survivor.
 */
@Tag("process")
class DemoCommandTest {
  @Test
  void demoFailsOverTwiceWithFencing(@org.junit.jupiter.api.io.TempDir Path tmp) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = PacelineProgram.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    Path root = tmp.resolve("demo");
    int rc = cmd.execute("demo", "--exit", "--failovers", "2", "--root", root.toString());
    String text = out.toString();
    System.out.println(
        text.lines().filter(l -> l.startsWith("[")).reduce("", (a, b) -> a + b + "\n"));
    assertEquals(0, rc, text + err);
    Matcher m =
        Pattern.compile(
                "VIP answered by (n[123]) ([0-9]+) ms after the kill; fencing confirmed ([0-9]+) ms")
            .matcher(text);
    int rounds = 0;
    while (m.find()) {
      rounds++;
      long moved = Long.parseLong(m.group(2));
      long fenced = Long.parseLong(m.group(3));
      assertTrue(fenced <= moved, "fenced at " + fenced + " ms, VIP moved at " + moved + " ms");
    }
    assertEquals(2, rounds, text);
    assertTrue(text.contains("Promoted: ["), text);
    // Where to look, as printed: the crm status line and each node's dashboard, whose
    // /status/active the demo checked (200 on the VIP's node, 503 elsewhere) before saying so.
    assertTrue(
        text.contains("status --config " + root.resolve("n1/node.yaml") + " --watch 2"), text);
    assertEquals(
        3,
        Pattern.compile("n[123]  http://127\\.0\\.0\\.1:[0-9]+/\n").matcher(text).results().count(),
        text);
    assertTrue(
        Pattern.compile("/status/active answers \\{n1=(200|503), n2=(200|503), n3=(200|503)\\}")
            .matcher(text)
            .find(),
        text);
    assertFalse(Files.exists(root), "the demo removed its files");
  }
}
