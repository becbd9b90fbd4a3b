package org.paceline.daemon;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Transient attributes of another node, as Pacemaker's attribute manager lets any node read and set
 * them ({@code crm_attribute -l reboot -N OTHER}, which heartbeat's pgsql agent runs for its
 * standbys): the request goes to the target's daemon, which applies it to its own attribute store
 * exactly as if it had been made there (so its next report carries it to the DC, and a reboot or
 * fencing of the target clears it), and answers. The caller gets that answer: nothing is
 * acknowledged before the target holds the value. A target outside this partition, or one that does
 * not answer within {@link #TIMEOUT_MS}, is an error and nothing is changed here.
 */
final class RemoteAttributes {
  /** How long a caller waits for the target's answer. */
  static final long TIMEOUT_MS = 5_000;

  /**
   * A request to {@code node}'s daemon.
   *
   * @param id the request's id, unique per sender
   * @param op get, set or delete
   * @param node the target, the receiving node
   * @param name the attribute
   * @param value the value to set; null for get and delete
   */
  record TransientAttributeRequest(String id, String op, String node, String name, String value) {}

  /** The target's answer, in the admin protocol's form. */
  record TransientAttributeReply(String id, String answer) {}

  /** How requests and answers travel between daemons. */
  interface Transport {
    void send(String member, Object message);
  }

  private final String self;
  private final Transport transport;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

  RemoteAttributes(String self, Transport transport) {
    this.self = self;
    this.transport = transport;
  }

  /**
   * Asks {@code node} to get, set or delete one of its transient attributes; answers what it
   * answered, or an error.
   */
  String request(String op, String node, String name, String value, List<String> view) {
    if (!view.contains(node)) {
      return AdminProtocol.ERROR
          + "node "
          + node
          + " is not in this partition: its transient attributes cannot be "
          + (op.equals("get") ? "read" : "changed")
          + " now";
    }
    String id = self + "-" + sequence.incrementAndGet();
    CompletableFuture<String> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      transport.send(node, new TransientAttributeRequest(id, op, node, name, value));
      return answer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return AdminProtocol.ERROR + node + " did not answer within " + TIMEOUT_MS + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AdminProtocol.ERROR + "interrupted while waiting for " + node;
    } catch (ExecutionException | RuntimeException e) {
      return AdminProtocol.ERROR + "cannot reach " + node + ": " + e.getMessage();
    } finally {
      pending.remove(id);
    }
  }

  /** At the target: applies a request with {@code local} (this node's own store) and answers. */
  void received(
      String from, TransientAttributeRequest r, Function<TransientAttributeRequest, String> local) {
    String answer =
        r.node().equals(self)
            ? local.apply(r)
            : AdminProtocol.ERROR + "this is " + self + ", not " + r.node();
    transport.send(from, new TransientAttributeReply(r.id(), answer));
  }

  /** At the sender: the target's answer. */
  void received(TransientAttributeReply r) {
    CompletableFuture<String> f = pending.get(r.id());
    if (f != null) {
      f.complete(r.answer());
    }
  }
}
