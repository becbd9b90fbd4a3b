package org.paceline.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;

/**
 * The messages daemons exchange for the controller (the DC's requests, the nodes' answers), as JSON
 * with a type tag. Only the listed types travel; anything else is refused on decode.
 */
final class ControllerWire {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Class<?>> TYPES =
      Map.ofEntries(
          Map.entry("RunOperation", Effect.RunOperation.class),
          Map.entry("RequestReport", Effect.RequestReport.class),
          Map.entry("AllowShutdown", Effect.AllowShutdown.class),
          Map.entry("OperationResult", Event.OperationResult.class),
          Map.entry("NodeReport", Event.NodeReport.class),
          Map.entry("ShutdownRequested", Event.ShutdownRequested.class),
          Map.entry("AttributeChanged", Event.AttributeChanged.class),
          Map.entry("Cleanup", Event.Cleanup.class),
          Map.entry("FenceRequested", Event.FenceRequested.class),
          Map.entry("StatusPush", StatusPush.class),
          Map.entry("PrivateAttributeSet", PrivateAttributes.PrivateAttributeSet.class),
          Map.entry("TransientAttributeRequest", RemoteAttributes.TransientAttributeRequest.class),
          Map.entry("TransientAttributeReply", RemoteAttributes.TransientAttributeReply.class),
          Map.entry("RaftState", RaftState.class));

  private ControllerWire() {}

  static byte[] encode(Object message) {
    String type = message.getClass().getSimpleName();
    if (!TYPES.containsKey(type)) {
      throw new IllegalArgumentException("not a wire message: " + type);
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("t", type);
    n.set("v", JSON.valueToTree(message));
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Object decode(byte[] payload) throws IOException {
    JsonNode n = JSON.readTree(payload);
    if (n == null || !n.hasNonNull("t") || !n.has("v")) {
      throw new IOException("not a controller message");
    }
    Class<?> c = TYPES.get(n.get("t").asText());
    if (c == null) {
      throw new IOException("unknown controller message type '" + n.get("t").asText() + "'");
    }
    return JSON.treeToValue(n.get("v"), c);
  }
}
