package org.paceline.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The admin request {@code tool BASE64-JSON}: one invocation of a Pacemaker command that an agent
 * runs ({@code {"tool": "crm_attribute", "args": [...], "env": {...}}}), run inside the daemon and
 * answered as {@code {"rc": N, "out": "...", "err": "..."}}. Agents such as heartbeat's pgsql and
 * PAF run these commands many times per action, as Pacemaker's are cheap C programs; a new JVM for
 * each costs 0.2-0.5 s, the daemon's warm one a few milliseconds. The launcher falls back to its
 * own JVM whenever this answers an error, so the output is the same either way.
 *
 * <p>Only the variables the commands read pass ({@link #ENV}); the commands reach this daemon
 * through its own admin socket, with the same access as the caller had.
 */
final class PcmkToolRequests {
  /** What the commands read of the caller's environment. */
  static final Set<String> ENV = Set.of("OCF_RESOURCE_INSTANCE", "OCF_RESKEY_CRM_meta_on_node");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<PcmkToolHost> host;
  private final Path adminSocket;

  PcmkToolRequests(Path adminSocket) {
    this(ServiceLoader.load(PcmkToolHost.class).findFirst(), adminSocket);
  }

  PcmkToolRequests(Optional<PcmkToolHost> host, Path adminSocket) {
    this.host = host;
    this.adminSocket = adminSocket;
  }

  String handle(String encoded) {
    if (host.isEmpty()) {
      return AdminProtocol.ERROR + "the Pacemaker commands are not available in this daemon";
    }
    JsonNode req;
    try {
      req = JSON.readTree(Base64.getDecoder().decode(encoded.strip()));
    } catch (IOException | IllegalArgumentException e) {
      return AdminProtocol.ERROR + "usage: tool BASE64-JSON (" + e.getMessage() + ")";
    }
    String tool = req == null ? null : req.path("tool").asText(null);
    if (tool == null || !host.get().tools().contains(tool)) {
      return AdminProtocol.ERROR + "unknown command '" + tool + "'";
    }
    List<String> args = new ArrayList<>();
    for (JsonNode a : req.path("args")) {
      if (!a.isTextual()) {
        return AdminProtocol.ERROR + "arguments must be strings";
      }
      args.add(a.asText());
    }
    Map<String, String> env = new TreeMap<>();
    req.path("env")
        .fields()
        .forEachRemaining(
            e -> {
              if (ENV.contains(e.getKey()) && e.getValue().isTextual()) {
                env.put(e.getKey(), e.getValue().asText());
              }
            });
    env.put("PACELINE_ADMIN_SOCKET", adminSocket.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      rc = host.get().run(tool, args, env, o, e);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("rc", rc);
    answer.put("out", out.toString());
    answer.put("err", err.toString());
    return AdminProtocol.OK + "\n" + answer;
  }

  /** The request an invocation makes (the launcher's client builds the same). */
  static String request(String tool, List<String> args, Map<String, String> env) {
    ObjectNode n = JSON.createObjectNode();
    n.put("tool", tool);
    args.forEach(n.putArray("args")::add);
    ObjectNode e = n.putObject("env");
    env.forEach(e::put);
    return "tool "
        + Base64.getEncoder().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
  }
}
