package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tool} admin request: a Pacemaker command run in the daemon's JVM (the shell's
 * implementation, found through ServiceLoader) answers what the command prints and its exit code;
 * only the variables the commands read pass from the caller; unknown commands and bad requests are
 * errors (the launcher then runs the command in a JVM of its own).
 */
@Tag("unit")
class PcmkToolRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode answer(String reply) throws Exception {
    assertTrue(reply.startsWith(AdminProtocol.OK + "\n"), reply);
    return JSON.readTree(reply.substring(AdminProtocol.OK.length() + 1));
  }

  @Test
  void aCommandRunsInTheDaemonAndAnswersItsOutputAndExitCode() throws Exception {
    Path socket = dir.resolve("admin.sock");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (FakeAdminSocket daemon =
        new FakeAdminSocket(
            socket,
            request -> {
              seen.add(request);
              return request.equals("attr get forever hub1 master-db")
                  ? "ok\n1001"
                  : "error: no such attribute master-db (reboot) on node hub2";
            })) {
      PcmkToolRequests tools = new PcmkToolRequests(socket);
      JsonNode a =
          answer(
              tools.handle(
                  PcmkToolRequests.request(
                          "crm_master",
                          List.of("--lifetime", "forever", "--quiet", "--get-value", "-N", "hub1"),
                          Map.of("OCF_RESOURCE_INSTANCE", "db", "SECRET", "x"))
                      .substring(AdminProtocol.TOOL_PREFIX.length())));
      assertEquals(0, a.get("rc").asInt(), a.toString());
      assertEquals("1001\n", a.get("out").asText());
      // OCF_RESOURCE_INSTANCE named the attribute; the daemon's own socket was asked.
      assertEquals(List.of("attr get forever hub1 master-db"), seen);

      JsonNode missing =
          answer(
              tools.handle(
                  PcmkToolRequests.request(
                          "crm_attribute",
                          List.of("-l", "reboot", "-N", "hub2", "-n", "master-db", "-G"),
                          Map.of())
                      .substring(AdminProtocol.TOOL_PREFIX.length())));
      assertEquals(105, missing.get("rc").asInt(), missing.toString());
      assertEquals("", missing.get("out").asText());
      assertTrue(
          missing.get("err").asText().contains("No such device or address"), missing.toString());
    }
  }

  @Test
  void unknownCommandsAndBadRequestsAreErrors() {
    PcmkToolRequests tools = new PcmkToolRequests(dir.resolve("none.sock"));
    String unknown =
        tools.handle(
            PcmkToolRequests.request("rm", List.of("-rf", "/"), Map.of())
                .substring(AdminProtocol.TOOL_PREFIX.length()));
    assertTrue(unknown.startsWith(AdminProtocol.ERROR + "unknown command"), unknown);
    assertTrue(tools.handle("not base64!").startsWith(AdminProtocol.ERROR), "bad base64");
    assertTrue(
        new PcmkToolRequests(java.util.Optional.empty(), dir.resolve("none.sock"))
            .handle("e30=")
            .startsWith(AdminProtocol.ERROR),
        "no host");
  }
}
