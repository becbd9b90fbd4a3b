package org.paceline.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.paceline.agents.OcfAgentDirectory;
import org.paceline.agents.OcfRunnerLimits;
import org.paceline.cib.Cib;
import org.paceline.cib.CibValidator;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.Node;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Role;
import org.paceline.controller.Effect;
import org.paceline.controller.Event;
import org.paceline.executor.ExecutorLimits;
import org.paceline.executor.SystemTimers;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceHistory;
import org.paceline.scheduler.Action;
import org.paceline.scheduler.ActionTask;
import org.paceline.scheduler.OrderEdge;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.Transition;

/**
 * The demo cluster of {@code examples/cib/demo-trio.xml} brought up and failed over for real, with
 * a stand-in for the DC's controller (which lives on another branch): the scheduler's actions are
 * sent as RunOperation to three OperationRunners (n1, n2, n3, each with its own executor and run
 * dir) in the order of the transition's edges, their NodeReports become the next scheduler input,
 * until nothing is left to do. Then n1 is fenced with fence_paceline_demo through FenceRunner (its
 * stand-in node process group and its servers die, its run dir is wiped) and the cluster converges
 * again on n2, where the "VIP" now answers "n2".
 */
@Tag("process")
@Timeout(180)
class DemoTrioTest {
  static final Path EXAMPLE = Path.of("../examples/cib/demo-trio.xml");
  static final Path PACELINE_AGENTS =
      Path.of("../resource-agents/ocf/paceline").toAbsolutePath().normalize();
  static final int MAX_ROUNDS = 8;

  private Path tmp;
  private Path demoRoot;
  private int vipPort;
  private int policyPort;
  private Cib base;
  private ExecutorService workers;
  private SystemTimers timers;
  private final Map<String, OperationRunner> runners = new LinkedHashMap<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<Process> nodes = new ArrayList<>();
  private long tid;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat");
    tmp = Files.createTempDirectory("demo-trio");
    demoRoot = tmp.resolve("demo");
    vipPort = freePort();
    policyPort = freePort();
    String xml =
        Files.readString(EXAMPLE)
            .replace("/tmp/paceline-demo", demoRoot.toString())
            .replace("\"17001\"", "\"" + vipPort + "\"")
            .replace("\"17002\"", "\"" + policyPort + "\"");
    base = CibXmlReader.read(xml, "demo-trio.xml").cib();
    assertTrue(CibValidator.validate(base).isEmpty(), CibValidator.validate(base).toString());
    Path root = tmp.resolve("ocf");
    Files.createDirectories(root.resolve("resource.d"));
    Files.createSymbolicLink(root.resolve("resource.d/paceline"), PACELINE_AGENTS);
    OcfAgentDirectory agents = new OcfAgentDirectory(root, OcfRunnerLimits.DEFAULTS);
    workers = Executors.newFixedThreadPool(8);
    timers = new SystemTimers();
    for (String n : List.of("n1", "n2", "n3")) {
      nodes.add(startNode(n));
      runners.put(
          n,
          OperationRunner.create(
              n,
              base,
              System::currentTimeMillis,
              events::add,
              new RunDirAttributes(demoRoot.resolve(n).resolve("run/attributes")),
              agents::agent,
              workers,
              timers,
              timers,
              ExecutorLimits.DEFAULTS));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (var e : runners.entrySet()) {
      // Stop what a failed test left running on the nodes still up.
      for (String rsc : List.of("policy", "vip")) {
        e.getValue().run(op(e.getKey(), rsc, "stop", 0, 0));
      }
    }
    for (var e : runners.entrySet()) {
      String n = e.getKey();
      await(
          () ->
              result(n, tid, "policy", "stop", 0) != null
                  && result(n, tid, "vip", "stop", 0) != null,
          10_000);
      e.getValue().close();
    }
    workers.shutdownNow();
    timers.close();
    for (Process p : nodes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A stand-in node process: a session leader recorded where fence_paceline_demo looks. */
  private Process startNode(String name) throws Exception {
    Path run = demoRoot.resolve(name).resolve("run");
    Files.createDirectories(run);
    Process p =
        new ProcessBuilder("setsid", "sleep", "600")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Files.writeString(run.resolve("node.pid"), p.pid() + "\n");
    return p;
  }

  private static boolean await(BooleanSupplier c, long timeoutMs) throws InterruptedException {
    long end = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < end) {
      if (c.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return c.getAsBoolean();
  }

  private Effect.RunOperation op(String node, String rsc, String task, long intervalMs, int rc) {
    return new Effect.RunOperation(node, tid, rsc, task, intervalMs, 0, rc, null, null, null, null);
  }

  private Event.OperationResult result(
      String node, long transition, String rsc, String task, long intervalMs) {
    for (Event e : events) {
      if (e instanceof Event.OperationResult r
          && r.node().equals(node)
          && r.transitionId() == transition
          && r.resource().equals(rsc)
          && r.task().equals(task)
          && r.intervalMs() == intervalMs) {
        return r;
      }
    }
    return null;
  }

  /** The rc a successful action returns: 7 for probes, 8 for a Promoted-role monitor. */
  private int expectedRc(Action a) {
    if (a.task() != ActionTask.MONITOR) {
      return 0;
    }
    if (a.intervalMs() == 0) {
      return 7;
    }
    var r = ResourceDefinitions.resolve(base, a.resource(), new ArrayList<>());
    if (r.isPresent()) {
      for (Op op : r.get().primitive().operations()) {
        if (op.name().equals("monitor")
            && op.intervalMs() == a.intervalMs()
            && op.role() == Role.PROMOTED) {
          return 8;
        }
      }
    }
    return 0;
  }

  private Role monitorRole(Action a) {
    var r = ResourceDefinitions.resolve(base, a.resource(), new ArrayList<>());
    if (r.isPresent()) {
      for (Op op : r.get().primitive().operations()) {
        if (op.name().equals("monitor") && op.intervalMs() == a.intervalMs()) {
          return op.role();
        }
      }
    }
    return null;
  }

  /**
   * This branch's scheduler plans every role's monitor for every instance (main's scheduler plans
   * role-specific monitors and cancels on role change); the stand-in controller keeps only the
   * monitor of the role the instance will have.
   */
  private boolean roleMonitorApplies(Action a, Set<String> promoting) {
    if (a.task() != ActionTask.MONITOR || a.intervalMs() == 0 || a.node() == null) {
      return true;
    }
    Role role = monitorRole(a);
    if (role == null) {
      return true;
    }
    boolean promoted;
    try {
      promoted =
          promoting.contains(a.resource() + "@" + a.node()) || dbState(a.node()).equals("promoted");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return role == Role.PROMOTED ? promoted : !promoted;
  }

  /** The status section from the nodes' reports (nodes not in {@code up} are down, no history). */
  private Cib withStatus(Set<String> up) {
    List<NodeState> states = new ArrayList<>();
    for (Node n : base.configuration().nodes()) {
      String name = n.uname();
      if (!up.contains(name)) {
        states.add(
            new NodeState(
                n.id(), name, "false", "offline", "down", "down", null, List.of(), null, null,
                List.of(), Map.of(), List.of()));
        continue;
      }
      Event.NodeReport r =
          runners
              .get(name)
              .report(
                  tid,
                  new RunDirAttributes(demoRoot.resolve(name).resolve("run/attributes")).get());
      List<NvPair> pairs = new ArrayList<>();
      r.attributes()
          .forEach((k, v) -> pairs.add(new NvPair("status-" + n.id() + "-" + k, k, v, null)));
      states.add(
          new NodeState(
              n.id(),
              name,
              "true",
              "online",
              "member",
              "member",
              "status-" + n.id(),
              List.of(NvSet.of("status-" + n.id() + "-attrs", pairs)),
              n.id(),
              null,
              r.history(),
              Map.of(),
              List.of()));
    }
    return base.withStatus(states);
  }

  /** Runs transitions until the scheduler has nothing left to do; returns the rounds taken. */
  private int converge(Set<String> up) throws Exception {
    List<String> log = new ArrayList<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      tid++;
      Transition t = Scheduler.schedule(withStatus(up), System.currentTimeMillis() / 1000);
      Set<String> promoting = new HashSet<>();
      t.actions().stream()
          .filter(a -> a.runnable() && a.task() == ActionTask.PROMOTE)
          .forEach(a -> promoting.add(a.resource() + "@" + a.node()));
      List<Action> todo =
          t.actions().stream()
              .filter(Action::runnable)
              .filter(a -> a.task() != ActionTask.STONITH)
              .filter(a -> roleMonitorApplies(a, promoting))
              .toList();
      List<Action> real = todo.stream().filter(a -> a.node() != null).toList();
      if (real.isEmpty()) {
        return round;
      }
      List<Action> probes =
          real.stream().filter(a -> a.task() == ActionTask.MONITOR && a.intervalMs() == 0).toList();
      // Probes first, on their own: what they find decides the rest (as the controller does).
      List<Action> batch = probes.isEmpty() ? todo : probes;
      log.add("round " + round + ": " + batch.stream().map(DemoTrioTest::id).toList());
      runGraph(batch, t.orders(), log);
    }
    fail("no convergence after " + MAX_ROUNDS + " rounds:\n" + String.join("\n", log));
    return -1;
  }

  /** An action's identity: the transition's key names no node, several nodes share one. */
  private static String id(Action a) {
    return a.key() + "@" + a.node();
  }

  private void runGraph(List<Action> batch, List<OrderEdge> orders, List<String> log)
      throws Exception {
    Map<String, List<Action>> byKey = new HashMap<>();
    for (Action a : batch) {
      byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
    }
    Map<String, List<String>> firsts = new HashMap<>();
    for (OrderEdge e : orders) {
      if (byKey.containsKey(e.first()) && byKey.containsKey(e.then())) {
        firsts.computeIfAbsent(e.then(), k -> new ArrayList<>()).add(e.first());
      }
    }
    Set<String> done = new HashSet<>();
    Map<String, Action> running = new HashMap<>();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (done.size() < batch.size()) {
      boolean progress = false;
      for (Action a : batch) {
        if (done.contains(id(a)) || running.containsKey(id(a))) {
          continue;
        }
        boolean ready = true;
        for (String first : firsts.getOrDefault(a.key(), List.of())) {
          for (Action f : byKey.get(first)) {
            ready &= done.contains(id(f));
          }
        }
        if (!ready) {
          continue;
        }
        if (a.node() == null) {
          done.add(id(a)); // pseudo action
        } else {
          if (a.task() == ActionTask.PROMOTE) {
            // End the Unpromoted-role monitor first, or it would report the promotion as a change.
            for (Op op :
                ResourceDefinitions.resolve(base, a.resource(), new ArrayList<>())
                    .orElseThrow()
                    .primitive()
                    .operations()) {
              if (op.role() == Role.UNPROMOTED && op.intervalMs() > 0) {
                runners.get(a.node()).run(op(a.node(), a.resource(), "cancel", op.intervalMs(), 0));
              }
            }
          }
          runners
              .get(a.node())
              .run(
                  op(
                      a.node(),
                      a.resource(),
                      a.task().pacemakerName(),
                      a.intervalMs(),
                      expectedRc(a)));
          running.put(id(a), a);
        }
        progress = true;
      }
      for (Action a : List.copyOf(running.values())) {
        Event.OperationResult r =
            result(a.node(), tid, a.resource(), a.task().pacemakerName(), a.intervalMs());
        if (r != null) {
          boolean probe = a.task() == ActionTask.MONITOR && a.intervalMs() == 0;
          if (!probe && r.rc() != expectedRc(a)) {
            fail(id(a) + " answered " + r + "\n" + String.join("\n", log));
          }
          running.remove(id(a));
          done.add(id(a));
          progress = true;
        }
      }
      if (!progress) {
        if (System.nanoTime() > deadline || running.isEmpty()) {
          fail(
              "stuck: done "
                  + done
                  + " running "
                  + running.keySet()
                  + "\n"
                  + String.join("\n", log));
        }
        Thread.sleep(10);
      }
    }
  }

  static String read(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      s.setSoTimeout(2_000);
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String dbState(String node) throws IOException {
    Path f = demoRoot.resolve(node).resolve("run/demo-db-db.state");
    return Files.exists(f) ? Files.readString(f).strip() : "stopped";
  }

  @Test
  void coldStartThenFenceThePromotedNodeAndFailOver() throws Exception {
    Set<String> all = Set.of("n1", "n2", "n3");
    int rounds = converge(all);
    assertTrue(rounds >= 2, "probes, then the start transition");
    assertEquals("promoted", dbState("n1"));
    assertEquals("unpromoted", dbState("n2"));
    assertEquals("unpromoted", dbState("n3"));
    assertEquals("n1\n", read(vipPort));
    assertEquals("policy served by n1\n", read(policyPort));
    assertEquals(0, converge(all), "steady: nothing to do");

    // The DC fences n1: its node process group and its servers die, its run dir is wiped.
    Process n1 = nodes.get(0);
    List<Event> fenceEvents = new CopyOnWriteArrayList<>();
    try (FenceRunner fencer =
        new FenceRunner(
            "n2",
            base,
            FenceRunnerTest.AGENT_DIR,
            new FenceHistory(tmp.resolve("fence-history.jsonl")),
            FenceClock.system(),
            maxMs -> 0,
            fenceEvents::add)) {
      fencer.fence(new Effect.Fence("n1", "off", "n1 stopped answering"));
      assertTrue(await(() -> !fenceEvents.isEmpty(), 30_000));
    }
    Event.FenceResult fenced = (Event.FenceResult) fenceEvents.get(0);
    assertTrue(fenced.ok(), fenced.detail());
    assertTrue(await(() -> !n1.isAlive(), 5_000), "node process gone");
    assertFalse(Files.exists(demoRoot.resolve("n1/run")), "run dir wiped");
    assertTrue(nodes.get(1).isAlive() && nodes.get(2).isAlive());
    // n1's controller and executor died with it.
    runners.remove("n1").close();

    converge(Set.of("n2", "n3"));
    assertEquals("promoted", dbState("n2"));
    assertEquals("unpromoted", dbState("n3"));
    assertEquals("n2\n", read(vipPort));
    assertEquals("policy served by n2\n", read(policyPort));
  }
}
