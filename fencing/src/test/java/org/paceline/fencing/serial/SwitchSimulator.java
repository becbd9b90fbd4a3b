package org.paceline.fencing.serial;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.paceline.fencing.Await;

/**
 * A serial power switch on a real pseudo-terminal pair: {@code socat} links {@code ttyA} (where the
 * switch simulator, a Python process, listens) and {@code ttyB} (what the fencer opens).
 */
public final class SwitchSimulator implements AutoCloseable {
  public static final String PASSWORD = "Nps-pw-93x";
  public static final Duration STARTUP_LIMIT = Duration.ofSeconds(10);

  private final Path dir;
  private final Process socat;
  private Process sim;

  public SwitchSimulator(Path dir, String dialect) throws IOException {
    this.dir = Files.createDirectories(dir);
    Path script = dir.resolve("switch_sim.py");
    try (InputStream in = SwitchSimulator.class.getResourceAsStream("/sim/switch_sim.py")) {
      Files.copy(in, script);
    }
    socat =
        new ProcessBuilder(
                "socat",
                "-d",
                "-d",
                "pty,raw,echo=0,link=" + dir.resolve("ttyA"),
                "pty,raw,echo=0,link=" + dir.resolve("ttyB"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat.log").toFile())
            .start();
    try {
      Await.until(
          STARTUP_LIMIT,
          "socat pty links",
          () -> Files.exists(dir.resolve("ttyA")) && Files.exists(dir.resolve("ttyB")));
      sim =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  dialect,
                  dir.resolve("ttyA").toString(),
                  dir.resolve("plugs.json").toString(),
                  dir.toString(),
                  PASSWORD)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("sim.log").toFile())
              .start();
      Await.until(
          STARTUP_LIMIT, "switch simulator ready", () -> Files.exists(dir.resolve("ready")));
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The path the fencer opens. */
  public String port() {
    return dir.resolve("ttyB").toString();
  }

  /** The plug states the simulator last wrote. */
  @SuppressWarnings("unchecked")
  public Map<String, String> plugs() throws IOException {
    return new ObjectMapper().readValue(dir.resolve("plugs.json").toFile(), Map.class);
  }

  /** The switch swallows input and never answers. */
  public void mute() throws IOException {
    Files.writeString(dir.resolve("mute"), "");
  }

  /** The pty pair disappears, as when a USB serial adapter is unplugged. */
  public void vanish() throws InterruptedException {
    socat.destroyForcibly();
    socat.waitFor();
  }

  @Override
  public void close() {
    for (Process p : new Process[] {sim, socat}) {
      if (p != null) {
        p.destroyForcibly();
        try {
          p.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
