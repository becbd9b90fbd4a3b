package org.paceline.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one runner with real processes: a timed-out process dies with a grandchild that was
 * re-parented to init (double fork), stdin reaches the process, output is bounded, the environment
 * is exactly the one given, and a missing program is a launch failure.
 */
@Tag("process")
@Timeout(60)
class ProcessRunnerTest {
  @TempDir Path dir;

  private final ProcessRunner runner = new ProcessRunner(ProcessLimits.DEFAULTS);

  private Path script(String body) throws IOException {
    Path s = dir.resolve("tool");
    Files.writeString(s, "#!/bin/sh\n" + body + "\n");
    s.toFile().setExecutable(true);
    return s;
  }

  private static Map<String, String> env() {
    return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  @Test
  void aTimeoutKillsAGrandchildReparentedToInit() throws Exception {
    Path tool = script(ReparentedGrandchild.body(dir));
    long t0 = System.nanoTime();
    ProcessResult r = runner.run(List.of(tool.toString()), env(), null, null, 1_000);
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(r.timedOut(), r.toString());
    assertTrue(wallMs < 4_000, "returned after " + wallMs + " ms");
    ReparentedGrandchild.assertKilled(dir);
  }

  @Test
  void stdinReachesTheProcessAndEnvironmentIsExactlyTheGivenOne() throws Exception {
    Path tool = script("cat\necho \"secret=$SECRET home=${HOME:-none}\" >&2\nexit 3");
    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("SECRET", "s3");
    ProcessResult r = runner.run(List.of(tool.toString()), env, "action=off\n", dir, 5_000);
    assertEquals(3, r.exitCode());
    assertEquals("action=off\n", r.stdout());
    assertEquals("secret=s3 home=none\n", r.stderr());
    assertFalse(r.timedOut());
  }

  @Test
  void outputBeyondTheLimitIsDropped() throws Exception {
    Path tool = script("head -c 200000 /dev/zero");
    ProcessResult r =
        new ProcessRunner(new ProcessLimits(1000, 1_000))
            .run(List.of(tool.toString()), env(), null, null, 10_000);
    assertEquals(0, r.exitCode());
    assertEquals(1000, r.stdout().length());
    assertTrue(r.outputTruncated());
  }

  @Test
  void aMissingProgramCannotBeStarted() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> runner.run(List.of(dir.resolve("none").toString()), env(), null, null, 1_000));
    assertTrue(e.getMessage().contains("none"), e.getMessage());
    assertThrows(
        IOException.class,
        () -> runner.run(List.of("paceline-no-such-program"), env(), null, null, 1_000));
  }

  @Test
  void argumentsReachTheProgramWithoutAShell() throws Exception {
    Path tool = script("printf '%s|' \"$@\"");
    ProcessResult r =
        runner.run(List.of(tool.toString(), "a b", "$(id)", "'q'"), env(), null, null, 5_000);
    assertEquals("a b|$(id)|'q'|", r.stdout());
    assertFalse(r.timedOut());
  }
}
