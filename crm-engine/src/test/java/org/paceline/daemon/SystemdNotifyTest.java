package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.replication.ClusterHarness;

/**
 * The sd_notify protocol against a real datagram socket (socat standing in for systemd's notify
 * socket): READY=1 once the node has joined, WATCHDOG=1 pings while the controller answers.
 */
@Tag("process")
class SystemdNotifyTest {
  private static Process receiver(Path sock, Path out) throws Exception {
    Process p =
        new ProcessBuilder("socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + out + ",creat,append")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.exists(sock) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(sock), "socat did not create " + sock);
    return p;
  }

  @Test
  void sendsToTheNotifySocketAndDoesNothingWithoutOne(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(new File("/usr/bin/socat").canExecute(), "socat is not installed");
    assertFalse(new SystemdNotify(null).send("READY=1"), "no socket: nothing sent");
    Path sock = tmp.resolve("notify.sock");
    Path out = tmp.resolve("received");
    Process p = receiver(sock, out);
    try {
      assertTrue(new SystemdNotify(sock.toString()).send("READY=1\nSTATUS=test"));
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < end
          && !(Files.exists(out) && Files.readString(out).contains("READY=1"))) {
        Thread.sleep(20);
      }
      assertTrue(Files.readString(out).contains("READY=1\nSTATUS=test"));
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aDaemonReportsReadinessAndPingsTheWatchdog(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(new File("/usr/bin/socat").canExecute(), "socat is not installed");
    Path sock = tmp.resolve("notify.sock");
    Path out = tmp.resolve("received");
    Process p = receiver(sock, out);
    try (ClusterHarness h = ClusterHarness.threeVoters()) {
      h.environment("a", Map.of("NOTIFY_SOCKET", sock.toString(), "WATCHDOG_USEC", "400000"));
      h.startAll();
      h.await(
          "READY=1 and two WATCHDOG=1 pings from a",
          () -> {
            try {
              String got = Files.exists(out) ? Files.readString(out) : "";
              return got.contains("READY=1")
                  && got.indexOf("WATCHDOG=1") >= 0
                  && got.indexOf("WATCHDOG=1") != got.lastIndexOf("WATCHDOG=1");
            } catch (java.io.IOException e) {
              return false;
            }
          });
    } finally {
      p.destroyForcibly().waitFor();
    }
  }
}
