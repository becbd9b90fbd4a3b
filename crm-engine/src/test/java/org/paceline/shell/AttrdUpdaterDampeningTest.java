package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.daemon.FakeAdminSocket;

/**
 * attrd_updater's dampening options as ocf:pacemaker:ping uses them ({@code -n pingd -v N -d 5s}):
 * the dampening is set before the value, so that this very change is held back by it; {@code -Y}
 * sets the delay alone, {@code -B} both; a bad delay is a usage error that sends nothing.
 */
@Tag("unit")
class AttrdUpdaterDampeningTest {
  @TempDir Path dir;
  private FakeAdminSocket daemon;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void fakeDaemon() throws Exception {
    daemon =
        new FakeAdminSocket(
            dir.resolve("admin.sock"),
            r -> {
              requests.add(r);
              return "ok\n";
            });
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private int attrdUpdater(StringWriter err, String... args) {
    return AttrdUpdaterCommand.run(
        args,
        Map.of("PACELINE_ADMIN_SOCKET", dir.resolve("admin.sock").toString()),
        new PrintWriter(new StringWriter()),
        new PrintWriter(err));
  }

  @Test
  void theDelayGoesFirstThenTheValue() {
    StringWriter err = new StringWriter();
    assertEquals(0, attrdUpdater(err, "-n", "pingd", "-v", "1000", "-d", "5s"), err.toString());
    assertEquals(
        List.of("attr dampen reboot - pingd 5000", "attr set reboot - pingd 1000"), requests);
    requests.clear();
    assertEquals(0, attrdUpdater(err, "-n", "pingd", "-Y", "-d", "2"), err.toString());
    assertEquals(List.of("attr dampen reboot - pingd 2000"), requests);
    requests.clear();
    assertEquals(0, attrdUpdater(err, "-n", "pingd", "-B", "7", "-d", "500ms"), err.toString());
    assertEquals(List.of("attr dampen reboot - pingd 500", "attr set reboot - pingd 7"), requests);
  }

  @Test
  void aBadDelayOrAMissingOneIsAUsageErrorAndSendsNothing() {
    StringWriter err = new StringWriter();
    assertEquals(64, attrdUpdater(err, "-n", "pingd", "-U", "1", "-d", "soon"));
    assertTrue(err.toString().contains("-d: bad time value 'soon'"), err.toString());
    assertEquals(64, attrdUpdater(err, "-n", "pingd", "-Y"));
    assertTrue(err.toString().contains("need the dampening (-d DELAY)"), err.toString());
    assertEquals(List.of(), requests);
  }
}
