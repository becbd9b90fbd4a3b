package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.controller.Event;

/**
 * A rejoined node's results reach the DC although its Raft member does not know the leader yet and
 * its view may not hold the DC yet: to the node that sent the work, in order, after retries; only
 * past the deadline to the local controller.
 */
@Tag("unit")
class DcOutboxTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<String> leader = new AtomicReference<>();
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final List<String> sent = new ArrayList<>();
  private final List<Event> local = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();

  private final DcOutbox outbox =
      new DcOutbox(
          "n1",
          leader::get,
          (node, e) -> {
            synchronized (sent) {
              attempts.incrementAndGet();
              if (!reachable.get()) {
                return false;
              }
              sent.add(node + " " + ((Event.OperationResult) e).resource());
              return true;
            }
          },
          e -> {
            synchronized (local) {
              local.add(e);
            }
          },
          (delayMs, task) -> {
            var f = timers.schedule(task, delayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
          },
          now::get);

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  /** Waits up to 5 s for a condition. */
  private static boolean await(BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < end) {
      if (c.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return c.getAsBoolean();
  }

  private static Event.OperationResult probe(String resource) {
    return new Event.OperationResult("n1", 4, resource, "monitor", 0, 7, 0, "", 3);
  }

  private List<String> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  @Test
  void withoutALeaderTheResultGoesToTheNodeThatAskedForTheWork() {
    outbox.requestFrom("n2");
    outbox.send(probe("vip"));
    assertEquals(List.of("n2 vip"), sent());
    leader.set("n3");
    outbox.send(probe("db"));
    assertEquals(List.of("n2 vip", "n3 db"), sent(), "the Raft leader, once known, wins");
    assertTrue(local.isEmpty());
  }

  @Test
  void withNobodyToSendToResultsWaitInOrderUntilADcIsKnown() throws Exception {
    outbox.send(probe("vip"));
    outbox.send(probe("db"));
    assertEquals(2, outbox.waiting());
    assertTrue(sent().isEmpty());
    reachable.set(false);
    leader.set("n2"); // known, but not yet in this node's view
    long before = attempts.get();
    assertTrue(await(() -> attempts.get() >= before + 3), "retried");
    assertEquals(2, outbox.waiting(), "still undelivered, none dropped");
    assertTrue(sent().isEmpty());
    reachable.set(true);
    assertTrue(await(() -> outbox.waiting() == 0));
    assertEquals(List.of("n2 vip", "n2 db"), sent());
    outbox.send(probe("policy"));
    assertEquals(List.of("n2 vip", "n2 db", "n2 policy"), sent(), "nothing queued: sent at once");
    assertTrue(local.isEmpty());
  }

  @Test
  void pastTheDeadlineAResultGoesToTheLocalControllerAsBefore() throws Exception {
    outbox.send(probe("vip"));
    now.addAndGet(DcOutbox.GIVE_UP_MS + 1);
    assertTrue(await(() -> outbox.waiting() == 0));
    assertEquals(1, local.size());
    assertTrue(sent().isEmpty());
  }

  @Test
  void theLeaderBeingThisNodeMeansTheLocalController() {
    leader.set("n1");
    outbox.requestFrom("n1"); // never remembered: this node does not ask itself over the wire
    outbox.send(probe("vip"));
    assertEquals(1, local.size());
    assertTrue(sent().isEmpty());
  }
}
