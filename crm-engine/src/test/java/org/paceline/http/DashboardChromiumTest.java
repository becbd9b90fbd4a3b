package org.paceline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.status.StatusFixtures;

/**
 * The dashboard as a browser shows it: headless Chromium loads {@code /} from a real server on
 * loopback, takes a screenshot (which must show a large area in the critical indicator's colour)
 * and dumps the rendered DOM (which must say DEGRADED and why). Skipped when Chromium is not
 * installed.
 */
@Tag("process")
class DashboardChromiumTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** How long one Chromium run may take, in seconds. */
  private static final int CHROMIUM_TIMEOUT_S = 90;

  /** Pixels of the indicator colour required: the box is ~970x150 at 1000x700. */
  private static final int MIN_INDICATOR_PIXELS = 50_000;

  /** Per-channel tolerance when matching the indicator colour (anti-aliasing, colour profiles). */
  private static final int COLOUR_TOLERANCE = 12;

  @TempDir Path dir;

  private String chromium(String url, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=1000,700"));
    cmd.addAll(List.of(extra));
    cmd.add(url);
    Path log = dir.resolve("chromium-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(log.toFile())
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(CHROMIUM_TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(log));
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void degradedClusterShowsARedIndicatorAndItsReasons() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
    var snap = StatusFixtures.snapshot("hub-pair-degraded", "hub1");
    try (StatusHttpServer s =
        StatusHttpServer.start(() -> snap, HttpOptions.plain("127.0.0.1", 0))) {
      String url = "http://127.0.0.1:" + s.port() + "/";
      Path png = dir.resolve("dashboard.png");
      chromium(url, "--screenshot=" + png);
      assertTrue(Files.size(png) > 0, "no screenshot written");
      BufferedImage img = ImageIO.read(png.toFile());
      int target = Integer.parseInt(DashboardPage.CRITICAL_COLOUR.substring(1), 16);
      int matching = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          if (close(img.getRGB(x, y), target)) {
            matching++;
          }
        }
      }
      assertTrue(
          matching >= MIN_INDICATOR_PIXELS,
          matching
              + " pixels of "
              + DashboardPage.CRITICAL_COLOUR
              + " in a "
              + img.getWidth()
              + "x"
              + img.getHeight()
              + " screenshot");

      String dom = chromium(url, "--dump-dom");
      assertTrue(dom.contains(">DEGRADED</div>"), dom);
      assertTrue(dom.contains("node hub2 is UNCLEAN and must be fenced"), dom);
      assertTrue(dom.contains("cf-serverd_monitor_10000"), dom);
      assertTrue(
          dom.contains("fence-hub2: ipmitool: Unable to establish IPMI v2 / RMCP+ session"), dom);
    }
  }

  private static boolean close(int rgb, int target) {
    for (int shift = 0; shift <= 16; shift += 8) {
      int a = (rgb >> shift) & 0xff;
      int b = (target >> shift) & 0xff;
      if (Math.abs(a - b) > COLOUR_TOLERANCE) {
        return false;
      }
    }
    return true;
  }
}
