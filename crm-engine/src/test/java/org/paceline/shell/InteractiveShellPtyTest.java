package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crm} as an operator meets it: a real pseudo-terminal (a tmux session, Debian's tmux), the
 * JVM started as bin/crm starts it, keys typed one by one. Tab completes commands, resource ids and
 * an agent's parameters; the up arrow recalls the previous line, also in a new session (history
 * file); an ambiguous abbreviation is refused.
 */
@Tag("process")
class InteractiveShellPtyTest {
  private static final Path TMUX = Path.of("/usr/bin/tmux");
  private static final Path DUMMY = Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy");
  private static final long DEADLINE_MS = 30_000;

  @TempDir Path dir;
  private Path socket;

  @BeforeEach
  void check() {
    Assumptions.assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
    Assumptions.assumeTrue(Files.isExecutable(DUMMY), "resource-agents is not installed");
    socket = dir.resolve("tmux.sock");
  }

  @AfterEach
  void stop() throws Exception {
    if (socket != null && Files.exists(socket)) {
      tmux("kill-server");
    }
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TMUX.toString(), "-S", socket.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TERM", "xterm");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "tmux " + args[0] + " did not finish");
    return out;
  }

  /** Starts {@code crm -x CIB} in a new tmux session with HOME in the temp dir. */
  private void startShell(Path cib) throws Exception {
    Path script = dir.resolve("crm.sh");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        script,
        "#!/bin/sh\nexport HOME='"
            + dir
            + "'\nexec '"
            + java
            + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m -cp '"
            + System.getProperty("java.class.path")
            + "' org.paceline.shell.CrmCommand -x '"
            + cib
            + "'\n");
    script.toFile().setExecutable(true);
    tmux("new-session", "-d", "-s", "crm", "-x", "200", "-y", "50", script.toString());
  }

  private String screen() throws Exception {
    return tmux("capture-pane", "-p", "-t", "crm", "-S", "-500");
  }

  /** The last non-empty line on the screen (where the cursor's line is). */
  private String lastLine() throws Exception {
    List<String> lines = screen().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private void await(String what, Predicate<String> screenCondition) throws Exception {
    long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
    String s = screen();
    while (!screenCondition.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; the screen:\n" + s);
      }
      Thread.sleep(50);
      s = screen();
    }
  }

  private void awaitLastLine(String what, String expected) throws Exception {
    long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
    while (!lastLine().equals(expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for " + what + ": '" + expected + "'; the screen:\n" + screen());
      }
      Thread.sleep(50);
    }
  }

  private void type(String text) throws Exception {
    tmux("send-keys", "-t", "crm", "-l", text);
  }

  private void key(String name) throws Exception {
    tmux("send-keys", "-t", "crm", name);
  }

  @Test
  void tabCompletionHistoryAndAmbiguityOnARealTerminal() throws Exception {
    Path cib = dir.resolve("cib.xml");
    Files.writeString(cib, CrmshConfigureTest.BASE);
    startShell(cib);
    awaitLastLine("the prompt", "crm#");

    // A level name completed from a prefix.
    type("conf");
    key("Tab");
    awaitLastLine("'conf' completed", "crm# configure");
    key("Enter");
    awaitLastLine("the configure level", "crm(configure)#");

    // An agent parameter completed from the agent's meta-data.
    type("primitive web ocf:heartbeat:Dummy params fa");
    key("Tab");
    awaitLastLine(
        "the parameter completed",
        "crm(configure)# primitive web ocf:heartbeat:Dummy params fake=");
    type("x");
    key("Enter");
    await("the dry run", s -> s.contains("Start      web"));
    awaitLastLine("the prompt after the dry run", "crm(configure)#");

    // A resource id completed from the configuration being edited.
    type("location web-pref w");
    key("Tab");
    awaitLastLine("the resource id completed", "crm(configure)# location web-pref web");
    type("100: n2");
    key("Enter");
    await("the location's dry run", s -> s.contains("not committed yet: 'commit' applies 2"));

    // Up recalls the previous line; running it again is refused (the id is taken).
    key("Up");
    awaitLastLine("the recalled line", "crm(configure)# location web-pref web 100: n2");
    key("Enter");
    await("the repeated line refused", s -> s.contains("'web-pref' is already in use"));

    type("commit");
    key("Enter");
    await("the commit", s -> s.contains("written " + cib));
    type("up");
    key("Enter");
    awaitLastLine("back at the root", "crm#");

    // No ambiguous abbreviations: the candidates are listed, nothing runs.
    type("resource st d");
    key("Enter");
    await(
        "the ambiguity refused",
        s -> s.contains("ambiguous command 'st': could be start, status, stop"));
    type("quit");
    key("Enter");
    long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
    while (tmuxHasSession() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    String written = Files.readString(cib);
    assertTrue(written.contains("id=\"web\"") && written.contains("id=\"web-pref\""), written);

    // A new session: the history file brings back the last lines.
    String history = Files.readString(dir.resolve(".crm_history"));
    assertTrue(history.contains("location web-pref web 100: n2"), history);
    startShell(cib);
    awaitLastLine("the prompt of the new session", "crm#");
    key("Up");
    awaitLastLine("the last line of the old session", "crm# quit");
    key("Up");
    awaitLastLine("the line before it", "crm# resource st d");
    key("C-u");
    type("quit");
    key("Enter");
    deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
    while (tmuxHasSession() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(false, tmuxHasSession(), "crm did not quit");
  }

  private boolean tmuxHasSession() throws Exception {
    List<String> cmd =
        List.of(TMUX.toString(), "-S", socket.toString(), "has-session", "-t", "crm");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }
}
