package org.paceline.lab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.xml.parsers.DocumentBuilderFactory;
import org.paceline.daemon.AdminClient;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault campaign: against a lab that {@code lab.sh up} built, it injects one fault at a time
 * into the active hub while a client writes through the VIP and pings it, waits until the cluster
 * has repaired itself, and records per fault how long the VIP and writes were out, how many
 * acknowledged writes are missing, and every moment with two VIP holders or two writable primaries.
 * Run it inside the lab's client host: {@code examples/lab/campaign.sh}.
 */
@Command(
    name = "campaign",
    mixinStandardHelpOptions = true,
    description =
        "Inject faults into a running lab and measure failover, data loss and split brain.")
public final class FaultCampaign implements Callable<Integer> {
  /** Longest wait for the cluster to be whole again before the next fault. */
  static final long HEALTHY_LIMIT_MS = 180_000;

  /** How long a PostgreSQL stays down on a live host before the operator's repair (some sites). */
  static final long REPAIR_AFTER_MS = 10_000;

  /** Longest a repair (rewind, start and stop as a standby, cleanup) may take. */
  static final long REPAIR_LIMIT_MS = 120_000;

  /** Longest wait for the VIP and writes to come back after a fault. */
  static final long RECOVERY_LIMIT_MS = 90_000;

  /** VIP and writes must work this long without a failure to count as recovered. */
  static final long STABLE_MS = 1_500;

  /** How often the campaign looks at the probes and the cluster while it waits. */
  static final long POLL_MS = 50;

  @Option(names = "--lab", description = "Lab directory (default: ${DEFAULT-VALUE}).")
  Path lab = Path.of(System.getenv().getOrDefault("PACELINE_LAB", "/run/paceline-lab"));

  @Option(names = "--tag", description = "Lab namespace prefix (default: ${DEFAULT-VALUE}).")
  String tag = System.getenv().getOrDefault("PACELINE_LAB_TAG", "plab");

  @Option(names = "--lab-script", required = true, description = "Path of lab.sh.")
  Path labScript;

  @Option(names = "--faults", description = "Faults per kind (default: ${DEFAULT-VALUE}).")
  int faultsPerKind = 2;

  @Option(
      names = "--kinds",
      split = ",",
      description = "Fault kinds (default: all): poweroff,kill9,sigstop,partition,pgcrash.")
  List<String> kinds = List.of("poweroff", "kill9", "sigstop", "partition", "pgcrash");

  @Option(names = "--seed", description = "Order of the faults (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--out", description = "Per-fault results as TSV.")
  Path out;

  record FaultResult(
      int n,
      FaultKind kind,
      String target,
      String newActive,
      long vipOutMs,
      long writesOutMs,
      long lostWrites,
      long splitBrainMoments,
      String note) {}

  private LabSite site;
  private Probes probes;
  private long verifiedTotal;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FaultCampaign()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<FaultKind> plan = new ArrayList<>();
    try {
      if (faultsPerKind < 1) {
        throw new IllegalArgumentException("--faults must be at least 1, got " + faultsPerKind);
      }
      for (String k : kinds) {
        for (int i = 0; i < faultsPerKind; i++) {
          plan.add(FaultKind.parse(k));
        }
      }
      site = new LabSite(lab, tag, labScript);
    } catch (IllegalArgumentException | IOException e) {
      // Bad options or no lab: say so, inject nothing.
      System.err.println("campaign: " + e.getMessage());
      return 2;
    }
    Collections.shuffle(plan, new Random(seed));
    List<FaultResult> results = new ArrayList<>();
    try (Probes p = new Probes(site)) {
      probes = p;
      p.start();
      PrintWriter tsv = out == null ? null : new PrintWriter(Files.newBufferedWriter(out));
      if (tsv != null) {
        tsv.println(
            "n\tkind\ttarget\tnew_active\tvip_out_ms\twrites_out_ms\tlost_writes\tsplit_brain\tnote");
      }
      try {
        for (int i = 0; i < plan.size(); i++) {
          FaultResult r;
          try {
            r = oneFault(i + 1, plan.get(i));
          } catch (IOException e) {
            // The cluster did not come back (or its data could not be read back): that ends the
            // campaign, with what was measured so far and the reason.
            System.out.println("stopped before fault " + (i + 1) + ": " + e.getMessage());
            break;
          }
          results.add(r);
          String line =
              String.join(
                  "\t",
                  Integer.toString(r.n()),
                  r.kind().name().toLowerCase(Locale.ROOT),
                  r.target(),
                  r.newActive(),
                  Long.toString(r.vipOutMs()),
                  Long.toString(r.writesOutMs()),
                  Long.toString(r.lostWrites()),
                  Long.toString(r.splitBrainMoments()),
                  r.note());
          System.out.println(line);
          if (tsv != null) {
            tsv.println(line);
            tsv.flush();
          }
          if (r.note().startsWith("not recovered")) {
            break;
          }
        }
      } finally {
        if (tsv != null) {
          tsv.close();
        }
      }
    }
    System.out.print(summary(results));
    boolean bad =
        results.stream()
            .anyMatch(
                r ->
                    r.lostWrites() > 0
                        || r.splitBrainMoments() > 0
                        || r.note().startsWith("not recovered"));
    return bad || results.size() < plan.size() ? 1 : 0;
  }

  private FaultResult oneFault(int n, FaultKind kind) throws Exception {
    String target = awaitHealthy();
    probes.writes.clear();
    probes.pings.clear();
    probes.splitBrains.clear();
    long injectedNs = System.nanoTime();
    long injectedEpochNs = epochNs();
    kind.inject(site, target);
    // A power-off counts from the moment the BMC cut the power, not from when ipmitool was
    // started: the BMC session and its hook take 0.2-0.3 s before the host dies.
    long t0 =
        kind == FaultKind.POWEROFF
            ? injectedNs
                + (site.powerLostEpochNs(target, injectedEpochNs).orElse(injectedEpochNs)
                    - injectedEpochNs)
            : injectedNs;
    long recovered = awaitRecovery(t0, target, kind);
    String note = "";
    if (recovered < 0) {
      note = "not recovered within " + RECOVERY_LIMIT_MS + " ms";
    }
    kind.heal(site, target);
    List<Probes.Attempt> pings = new ArrayList<>(probes.pings);
    List<Probes.Attempt> writes = new ArrayList<>(probes.writes);
    long vipOut = outage(pings, t0, recovered);
    long writesOut = outage(writes, t0, recovered);
    String newActive = activeHost().orElse("-");
    // Verify after the heal, so the data of every former primary is back in play as well.
    long lost = verifyAcknowledged();
    long splits = probes.splitBrains.size();
    if (splits > 0) {
      note = (note.isEmpty() ? "" : note + "; ") + probes.splitBrains.peek().what();
    }
    return new FaultResult(n, kind, target, newActive, vipOut, writesOut, lost, splits, note);
  }

  private static long epochNs() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Outage as the client saw it: from the fault to the end of the first success after the last
   * failure before recovery; when nothing failed, the end of the first success after the fault.
   */
  static long outage(List<Probes.Attempt> attempts, long t0, long recoveredNs) {
    long lastFailEnd = t0;
    long limit = recoveredNs < 0 ? Long.MAX_VALUE : recoveredNs;
    for (Probes.Attempt a : attempts) {
      if (!a.ok() && a.startNs() >= t0 && a.startNs() <= limit && a.endNs() > lastFailEnd) {
        lastFailEnd = a.endNs();
      }
    }
    for (Probes.Attempt a : attempts) {
      if (a.ok() && a.startNs() >= lastFailEnd) {
        return (a.endNs() - t0) / 1_000_000;
      }
    }
    return -1;
  }

  /**
   * Waits until the fault took effect and VIP and writes have then worked for STABLE_MS; answers
   * when that stable stretch began, or -1. A fault of the host takes effect when another host holds
   * the VIP (a hung or cut-off node still serves until it is fenced). A PostgreSQL crash takes
   * effect at once (writes fail); the cluster may recover it in place, as Pacemaker does. Where
   * writes need a synchronous standby ({@link LabSite#writesNeedStandby}), a cut link is plugged
   * back in as soon as the VIP has moved.
   */
  private long awaitRecovery(long t0, String target, FaultKind kind) throws Exception {
    long deadline = t0 + RECOVERY_LIMIT_MS * 1_000_000;
    long movedAt = -1;
    while (System.nanoTime() < deadline) {
      if (movedAt < 0) {
        var holder = activeHost();
        boolean effective =
            kind == FaultKind.PGCRASH
                ? probes.writes.stream().anyMatch(w -> !w.ok() && w.startNs() >= t0)
                : holder.isPresent() && !holder.get().equals(target);
        if (effective) {
          movedAt = System.nanoTime();
          if (kind == FaultKind.PARTITION && site.writesNeedStandby) {
            // Writes wait for a synchronous standby here (PAF does not drop synchronous
            // replication), and the cut-off host is the only one: the link comes back once the
            // takeover is done, and the writes' outage includes that host's rebuild.
            kind.heal(site, target);
          }
        } else {
          Thread.sleep(POLL_MS);
          continue;
        }
      }
      long now = System.nanoTime();
      long since = Math.max(lastFailureEnd(now), movedAt);
      boolean bothOk =
          probes.lastPingOkNs.get() > since
              && probes.lastWriteOkNs.get() > since
              && now - since >= STABLE_MS * 1_000_000;
      if (bothOk) {
        return since;
      }
      Thread.sleep(POLL_MS);
    }
    return -1;
  }

  private long lastFailureEnd(long now) {
    long last = -1;
    for (Probes.Attempt a : probes.pings) {
      if (!a.ok()) {
        last = Math.max(last, a.endNs());
      }
    }
    for (Probes.Attempt a : probes.writes) {
      if (!a.ok()) {
        last = Math.max(last, a.endNs());
      }
    }
    return last;
  }

  /**
   * Waits until the cluster is whole: every resource host runs its daemon, the VIP answers, a write
   * succeeded just now, every standby streams synchronously, and the DC knows each standby's
   * promotion score (so a failover has a candidate). Answers the active host.
   */
  private String awaitHealthy() throws Exception {
    long deadline = System.currentTimeMillis() + HEALTHY_LIMIT_MS;
    String why = "";
    Map<String, Long> pgDownSince = new HashMap<>();
    while (System.currentTimeMillis() < deadline) {
      why = unhealthyReason();
      if (why.isEmpty()) {
        return activeHost().orElseThrow();
      }
      repairIfLeftDown(pgDownSince);
      Thread.sleep(200);
    }
    throw new IOException(
        "the lab did not become healthy within " + HEALTHY_LIMIT_MS + " ms: " + why);
  }

  /**
   * Where the site's agent never rebuilds a failed PostgreSQL itself (PAF, heartbeat's pgsql: a
   * former primary keeps its crashed data, and heartbeat's pgsql its lock), does what their
   * operator does once it has stayed down for {@link #REPAIR_AFTER_MS} on a host that is up: {@code
   * lab.sh repair HOST} (rewind from the primary, clear the lock, crm resource cleanup).
   */
  private void repairIfLeftDown(Map<String, Long> downSince) throws Exception {
    if (!site.operatorRebuilds) {
      return;
    }
    long now = System.currentTimeMillis();
    for (String h : site.resourceHosts) {
      if (site.daemonPid(h).isEmpty() || site.postmasterPid(h).isPresent()) {
        downSince.remove(h);
        continue;
      }
      long since = downSince.computeIfAbsent(h, k -> now);
      if (now - since >= REPAIR_AFTER_MS) {
        System.out.println("repair: " + h + " (PostgreSQL down " + (now - since) + " ms)");
        LabSite.Result r =
            LabSite.tryRun(
                List.of(site.labScript.toString(), "repair", h),
                Map.of("PACELINE_LAB", site.lab.toString(), "PACELINE_LAB_TAG", site.tag),
                REPAIR_LIMIT_MS);
        System.out.println("repair: " + h + " exit " + r.code() + ": " + r.out().strip());
        downSince.put(h, System.currentTimeMillis());
      }
    }
  }

  private String unhealthyReason() throws Exception {
    for (String h : site.resourceHosts) {
      if (site.daemonPid(h).isEmpty()) {
        return "no daemon on " + h;
      }
    }
    long now = System.nanoTime();
    if (now - probes.lastPingOkNs.get() > 500_000_000L) {
      return "VIP does not answer";
    }
    if (now - probes.lastWriteOkNs.get() > 1_000_000_000L) {
      return "writes fail";
    }
    var active = activeHost();
    if (active.isEmpty()) {
      return "no host holds the VIP";
    }
    int wanted = site.resourceHosts.size() - 1;
    try (Connection c = probes.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select count(*) from pg_stat_replication where state = 'streaming'"
                    + " and sync_state in ('sync', 'quorum')")) {
      rs.next();
      if (rs.getInt(1) < wanted) {
        return "standbys in sync: " + rs.getInt(1) + " of " + wanted;
      }
    } catch (SQLException e) {
      return "replication state unknown: " + e.getMessage();
    }
    Map<String, String> scores = dcPromotionScores();
    for (String h : site.resourceHosts) {
      if (!h.equals(active.get()) && !site.standbyScore.equals(scores.get(h))) {
        return "DC has promotion score " + scores.get(h) + " for standby " + h;
      }
      if (!h.equals(active.get()) && "false".equals(scores.get(h + "#pgsql-sync"))) {
        return "standby " + h + " is not yet marked in sync in the replicated configuration";
      }
    }
    return "";
  }

  private java.util.Optional<String> activeHost() throws IOException, InterruptedException {
    for (String h : site.resourceHosts) {
      if (site.holdsVip(h)) {
        return java.util.Optional.of(h);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The site's promotion score per node from the DC's CIB (a transient one in the status section
   * over a permanent one in the nodes section), and the replicated node attribute pgsql-sync under
   * the key NODE#pgsql-sync.
   */
  private Map<String, String> dcPromotionScores() {
    Map<String, String> scores = new HashMap<>();
    for (String h : site.hosts) {
      try {
        String status = AdminClient.call(site.adminSocket(h), "status");
        String dc = status.lines().filter(l -> l.startsWith("dc=")).findFirst().orElse("dc=");
        dc = dc.substring(3);
        if (dc.isEmpty()) {
          continue;
        }
        String answer = AdminClient.call(site.adminSocket(dc), "cib");
        String xml = answer.substring(answer.indexOf('\n') + 1);
        var doc =
            DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList nodes = doc.getElementsByTagName("node");
        for (int i = 0; i < nodes.getLength(); i++) {
          Element n = (Element) nodes.item(i);
          NodeList pairs = n.getElementsByTagName("nvpair");
          for (int j = 0; j < pairs.getLength(); j++) {
            Element p = (Element) pairs.item(j);
            if (p.getAttribute("name").equals("pgsql-sync")) {
              scores.put(n.getAttribute("uname") + "#pgsql-sync", p.getAttribute("value"));
            } else if (p.getAttribute("name").equals(site.promotionAttr)) {
              // a permanent score (PAF's crm_master --lifetime forever)
              scores.put(n.getAttribute("uname"), p.getAttribute("value"));
            }
          }
        }
        NodeList states = doc.getElementsByTagName("node_state");
        for (int i = 0; i < states.getLength(); i++) {
          Element ns = (Element) states.item(i);
          NodeList pairs = ns.getElementsByTagName("nvpair");
          for (int j = 0; j < pairs.getLength(); j++) {
            Element p = (Element) pairs.item(j);
            if (p.getAttribute("name").equals(site.promotionAttr)) {
              scores.put(ns.getAttribute("uname"), p.getAttribute("value"));
            }
          }
        }
        return scores;
      } catch (Exception e) {
        // this node does not answer; ask the next
      }
    }
    return scores;
  }

  /** Checks every acknowledged id since the last check against the current primary. */
  private long verifyAcknowledged() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (Long id = probes.acked.poll(); id != null; id = probes.acked.poll()) {
      ids.add(id);
    }
    if (ids.isEmpty()) {
      return 0;
    }
    TreeSet<Long> missing = new TreeSet<>(ids);
    long deadline = System.currentTimeMillis() + RECOVERY_LIMIT_MS;
    while (true) {
      try (Connection c = probes.connect();
          PreparedStatement ps =
              c.prepareStatement("select id from campaign where id between ? and ?")) {
        ps.setLong(1, missing.first());
        ps.setLong(2, missing.last());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            missing.remove(rs.getLong(1));
          }
        }
        break;
      } catch (SQLException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("cannot read back acknowledged writes: " + e.getMessage(), e);
        }
        Thread.sleep(200);
      }
    }
    verifiedTotal += ids.size();
    return missing.size();
  }

  private String summary(List<FaultResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("\n| fault | n | VIP back median ms | VIP back max ms | writes back median ms |")
        .append(" writes back max ms | acknowledged writes lost | split-brain moments |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    List<FaultKind> order = new ArrayList<>();
    for (FaultResult r : results) {
      if (!order.contains(r.kind())) {
        order.add(r.kind());
      }
    }
    for (FaultKind k : order) {
      b.append(row(k.label, results.stream().filter(r -> r.kind() == k).toList()));
    }
    b.append(row("all", results));
    b.append("\nwrites acknowledged and verified: ")
        .append(verifiedTotal)
        .append("; split-brain watch rounds: ")
        .append(probes == null ? 0 : probes.watchRounds.get())
        .append('\n');
    return b.toString();
  }

  private static String row(String label, List<FaultResult> rs) {
    List<Long> vip = rs.stream().map(FaultResult::vipOutMs).filter(v -> v >= 0).sorted().toList();
    List<Long> wr = rs.stream().map(FaultResult::writesOutMs).filter(v -> v >= 0).sorted().toList();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %s | %s | %s | %s | %d | %d |%n",
        label,
        rs.size(),
        median(vip),
        vip.isEmpty() ? "-" : vip.get(vip.size() - 1),
        median(wr),
        wr.isEmpty() ? "-" : wr.get(wr.size() - 1),
        rs.stream().mapToLong(FaultResult::lostWrites).sum(),
        rs.stream().mapToLong(FaultResult::splitBrainMoments).sum());
  }

  static String median(List<Long> sorted) {
    if (sorted.isEmpty()) {
      return "-";
    }
    int m = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? Long.toString(sorted.get(m))
        : Long.toString((sorted.get(m - 1) + sorted.get(m)) / 2);
  }
}
