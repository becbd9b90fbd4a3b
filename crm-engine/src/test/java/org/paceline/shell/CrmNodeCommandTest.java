package org.paceline.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.daemon.FakeAdminSocket;

/**
 * crm_node as agents read it, against a daemon's admin socket that answers as a two-hub cluster
 * with a witness does: the witness votes but is no cluster node, so {@code -p} and {@code -l} leave
 * it out (corosync's qdevice is not a node either), while PAF sets a promotion score for every node
 * {@code -p} names and waits until it reads it back.
 */
@Tag("unit")
class CrmNodeCommandTest {
  private static final String STATUS =
      "ok\nnode=hub1\nquorate=true\nview=hub1,hub2,witness\nwitnesses=witness\n";
  private static final String CONFIG =
      "ok\n<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\"><configuration><crm_config/>"
          + "<nodes><node id=\"1\" uname=\"hub1\"/><node id=\"2\" uname=\"hub2\"/></nodes>"
          + "<resources/><constraints/></configuration><status/></cib>";

  @TempDir Path dir;
  private FakeAdminSocket daemon;

  @BeforeEach
  void fakeDaemon() throws Exception {
    daemon =
        new FakeAdminSocket(
            dir.resolve("admin.sock"), request -> request.equals("config") ? CONFIG : STATUS);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private String crmNode(String option) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc =
        CrmNodeCommand.run(
            new String[] {option},
            Map.of("PACELINE_ADMIN_SOCKET", dir.resolve("admin.sock").toString()),
            new PrintWriter(out),
            new PrintWriter(err));
    assertEquals(0, rc, err.toString());
    return out.toString();
  }

  @Test
  void theWitnessIsNoNodeOfThePartition() {
    assertEquals("hub1 hub2\n", crmNode("-p"));
    assertEquals("1 hub1 member\n2 hub2 member\n", crmNode("-l"));
    assertEquals("hub1\n", crmNode("-n"));
    assertEquals("1\n", crmNode("-q"));
  }
}
