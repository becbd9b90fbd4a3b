package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.controller.Event;
import org.paceline.executor.Timers;
import org.paceline.node.NodeFencer;

/**
 * attrd's dampening on the node side: a dampened attribute's burst of changes reaches the DC once,
 * the delay after its first change, with the latest value; an undamped one at the next poll; a
 * change undone within the delay is never sent.
 */
@Tag("unit")
class AttributeDampeningTest {
  /** Timers and a clock the test moves by hand: a poll runs when the test says so. */
  private static final class ManualTime implements Timers {
    long now;
    final List<Runnable> due = new ArrayList<>();

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
      due.add(task);
      return () -> due.remove(task);
    }

    /** Moves the clock and runs the poll that was waiting. */
    void pollAt(long ms) {
      now = ms;
      List<Runnable> run = new ArrayList<>(due);
      due.clear();
      run.forEach(Runnable::run);
    }
  }

  private final ManualTime time = new ManualTime();
  private final Map<String, String> attributes = new TreeMap<>();
  private final Map<String, Long> dampening = new TreeMap<>();
  private final List<Event.AttributeChanged> sent = new ArrayList<>();

  private RunnerNodeSide nodeSide() throws Exception {
    Cib cib = CibXmlReader.read(Path.of("src/test/resources/scheduler/failover-fence.xml")).cib();
    RunnerNodeSide.Ports ports =
        new RunnerNodeSide.Ports(
            () -> time.now,
            () -> time.now,
            time,
            time,
            Runnable::run,
            id -> {
              throw new IllegalStateException("no agent runs in this test");
            },
            () -> new TreeMap<>(attributes),
            () -> new TreeMap<>(dampening),
            sink ->
                new NodeFencer() {
                  @Override
                  public void setConfiguration(Cib c) {}

                  @Override
                  public void fence(org.paceline.controller.Effect.Fence f) {}

                  @Override
                  public void close() {}
                },
            () -> {});
    return new RunnerNodeSide(
        "hub-a",
        cib,
        e -> {
          if (e instanceof Event.AttributeChanged a) {
            sent.add(a);
          }
        },
        ports,
        new DaemonLog("hub-a", l -> {}));
  }

  private List<String> sentAsText() {
    return sent.stream().map(a -> a.name() + "=" + a.value()).toList();
  }

  @Test
  void theDampenRequestIsWhatTheNodeSideReads(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Cib cib = CibXmlReader.read(Path.of("src/test/resources/scheduler/failover-fence.xml")).cib();
    AttributeRequests.Daemon d =
        new AttributeRequests.Daemon() {
          public String self() {
            return "hub-a";
          }

          public Path attributesDir() {
            return dir;
          }

          public Cib configuration() {
            return cib;
          }

          public java.util.Optional<Cib> status() {
            return java.util.Optional.empty();
          }

          public java.util.Optional<String> privateAttribute(String node, String name) {
            return java.util.Optional.empty();
          }

          public void setPrivateAttribute(String name, String value) {}

          public String commitNodeAttribute(String node, String name, String value) {
            throw new AssertionError();
          }

          public String transientElsewhere(String op, String node, String name, String value) {
            throw new AssertionError();
          }
        };
    var store = new org.paceline.node.RunDirAttributes(dir);
    assertEquals(
        "ok\ndampening of pingd: 5000 ms",
        AttributeRequests.handle("dampen reboot - pingd 5000", d));
    assertEquals("ok\nset pingd", AttributeRequests.handle("set reboot - pingd 10", d));
    assertEquals(Map.of("pingd", 5_000L), store.dampeningMs());
    assertEquals(Map.of("pingd", "10"), store.get(), "the dampening is not an attribute");
    assertEquals(
        "ok\nno dampening for pingd", AttributeRequests.handle("dampen reboot - pingd 0", d));
    assertEquals(Map.of(), store.dampeningMs());
    assertEquals(
        "error usage: attr dampen reboot NODE NAME MILLISECONDS",
        AttributeRequests.handle("dampen reboot - pingd soon", d)
            .replace(AdminProtocol.ERROR, "error "));
  }

  @Test
  void aBurstReachesTheDcOnceAfterTheDelayWithTheLastValue() throws Exception {
    try (RunnerNodeSide side = nodeSide()) {
      dampening.put("pingd", 5_000L);
      attributes.put("pingd", "100");
      time.pollAt(1_000);
      attributes.put("pingd", "200");
      time.pollAt(3_000);
      attributes.put("pingd", "0");
      time.pollAt(5_999);
      assertEquals(List.of(), sentAsText(), "held back for 5 s from the first change at 1 s");
      attributes.put("pingd", "300");
      time.pollAt(6_000);
      assertEquals(List.of("pingd=300"), sentAsText());
      time.pollAt(20_000);
      assertEquals(List.of("pingd=300"), sentAsText(), "nothing new, nothing sent");
    }
  }

  @Test
  void undampedAttributesGoAtTheNextPollAndAnUndoneChangeNever() throws Exception {
    try (RunnerNodeSide side = nodeSide()) {
      attributes.put("master-db", "10");
      time.pollAt(250);
      assertEquals(List.of("master-db=10"), sentAsText());
      dampening.put("pingd", 2_000L);
      attributes.put("pingd", "1");
      time.pollAt(500);
      time.pollAt(2_500);
      assertEquals(List.of("master-db=10", "pingd=1"), sentAsText());
      attributes.put("pingd", "2");
      time.pollAt(3_000);
      attributes.put("pingd", "1");
      time.pollAt(4_000);
      time.pollAt(9_000);
      assertEquals(List.of("master-db=10", "pingd=1"), sentAsText(), "back to what the DC has");
      attributes.remove("pingd");
      time.pollAt(9_500);
      time.pollAt(11_500);
      assertEquals(List.of("master-db=10", "pingd=1", "pingd=null"), sentAsText());
    }
  }
}
