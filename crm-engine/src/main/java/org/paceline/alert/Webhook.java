package org.paceline.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The built-in webhook: each alert event POSTed as one JSON object, with its id in {@code
 * X-Paceline-Event} (the same on every retry, so a receiver can drop a repeat) and an HMAC-SHA256
 * of the body under the shared key in {@code X-Paceline-Signature: sha256=HEX}. A 2xx answer is a
 * delivery; anything else is retried by the {@link AlertDispatcher}. HTTPS uses the JDK's trust
 * store.
 */
public final class Webhook {
  /** The header with the body's signature. */
  public static final String SIGNATURE_HEADER = "X-Paceline-Signature";

  /** The header with the event's id. */
  public static final String EVENT_HEADER = "X-Paceline-Event";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final byte[] key;
  private final String cluster;
  private final HttpClient client;

  /**
   * A webhook to {@code url}, signing with {@code key}, naming {@code cluster} in each event.
   *
   * @throws IllegalArgumentException when the key is empty
   */
  public Webhook(URI url, byte[] key, String cluster) {
    if (key.length == 0) {
      throw new IllegalArgumentException("the webhook's key is empty");
    }
    this.url = url;
    this.key = key.clone();
    this.cluster = cluster;
    this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Where events go (for messages). */
  public URI url() {
    return url;
  }

  /** The JSON body of an event. */
  String body(String eventId, String sender, long sequence, AlertEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", eventId);
    m.put("cluster", cluster);
    m.put("sender", sender);
    m.put("sequence", sequence);
    m.put("kind", e.kind().wireName());
    m.put("timestamp", e.at().toString());
    put(m, "node", e.node());
    put(m, "nodeid", e.nodeId());
    put(m, "desc", e.desc());
    put(m, "task", e.task());
    put(m, "rsc", e.rsc());
    put(m, "interval_ms", e.intervalMs());
    put(m, "rc", e.rc());
    put(m, "target_rc", e.targetRc());
    put(m, "status", e.status());
    put(m, "exec_time_ms", e.execMs());
    put(m, "attribute_name", e.attributeName());
    if (e.kind() == AlertEvent.Kind.ATTRIBUTE) {
      m.put("attribute_value", e.attributeValue());
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (IOException x) {
      throw new IllegalStateException(x);
    }
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /** {@code sha256=HEX} of {@code body} under the key. */
  public static String signature(byte[] key, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException x) {
      throw new IllegalStateException("HmacSHA256 is not available", x);
    }
  }

  /**
   * POSTs the event; returns null on a 2xx answer, else what went wrong (the status code or the I/O
   * error).
   */
  String deliver(String eventId, String sender, long sequence, AlertEvent e)
      throws InterruptedException {
    String body = body(eventId, sender, sequence, e);
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header(EVENT_HEADER, eventId)
            .header(SIGNATURE_HEADER, signature(key, body))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<Void> r = client.send(req, HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
    } catch (IOException x) {
      return x.getClass().getSimpleName() + (x.getMessage() == null ? "" : ": " + x.getMessage());
    }
  }
}
