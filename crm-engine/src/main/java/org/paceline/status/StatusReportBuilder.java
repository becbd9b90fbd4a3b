package org.paceline.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.Constraint;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.NaturalOrder;
import org.paceline.cib.OtherResource;
import org.paceline.cib.Resource;
import org.paceline.status.StatusReport.FailCount;
import org.paceline.status.StatusReport.FailedAction;
import org.paceline.status.StatusReport.FencingEntry;
import org.paceline.status.StatusReport.MoveBan;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;
import org.paceline.status.StatusReport.Summary;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.Unpack;

/**
 * Derives a {@link StatusReport} from a {@link ClusterSnapshot}: node states and resource roles as
 * the scheduler's status unpacking reads them (so displays and decisions never disagree), failed
 * operations from the history, and the health verdict. Pure: no clock, no I/O. The entry point: the
 * nodes are {@link NodeEntries}, the resources {@link ResourceEntries}, the failures and history
 * {@link FailureHistory}; the summary and the move/ban list are made here.
 */
public final class StatusReportBuilder {
  /** The stack name shown where crm_mon shows "corosync". */
  public static final String STACK = "paceline";

  /** Compares names the way Pacemaker sorts node names: digit runs by value, else by letter. */
  public static final Comparator<String> NATURAL = NaturalOrder::compare;

  private StatusReportBuilder() {}

  /** Builds the report. */
  public static StatusReport build(ClusterSnapshot snap) {
    // What runs is what the scheduler sees: a primitive made from a template has its agent, a
    // guest node has its connection (not listed: Pacemaker keeps it internal).
    long now =
        snap.cib().executionDate() != null
            ? snap.cib().executionDate()
            : snap.takenAt().getEpochSecond();
    Cib cib = Unpack.withImplicitResources(snap.cib(), now);
    // One pass over the configured ids, not a search per resource (quadratic on 5,000 resources).
    java.util.Set<String> configured = new java.util.HashSet<>();
    snap.cib().configuration().allResources().forEach(r -> configured.add(r.id()));
    java.util.Set<String> implicit = new java.util.HashSet<>();
    for (Resource r : cib.configuration().resources()) {
      if (!configured.contains(r.id())) {
        implicit.add(r.id());
      }
    }
    ClusterStatus status = Unpack.currentStatus(cib, now);
    Map<String, Resource> parents = new HashMap<>();
    for (Resource r : cib.configuration().resources()) {
      indexParents(r, parents);
    }
    List<String> nodeNames = new ArrayList<>();
    for (NodeStatus n : status.nodes()) {
      nodeNames.add(n.name());
    }
    nodeNames.sort(NATURAL);

    List<NodeEntry> nodes = NodeEntries.build(snap, cib, status, nodeNames);

    ResourceEntries ctx = new ResourceEntries(cib, status, parents, nodeNames, now);
    // Like Pacemaker, list top-level resources by priority (highest first), stably.
    List<Resource> tops = new ArrayList<>(cib.configuration().resources());
    tops.sort(Comparator.comparingInt((Resource r) -> -ctx.priority(r)));
    List<ResourceEntry> resources = new ArrayList<>();
    for (Resource r : tops) {
      if (r instanceof OtherResource o && o.element().name().equals("template")) {
        continue; // a template is no resource: nothing runs, nothing to show or count
      }
      if (implicit.contains(r.id())) {
        continue;
      }
      resources.add(ctx.entry(r));
    }
    resources.addAll(ctx.orphans());

    int[] counts = new int[3];
    for (ResourceEntry r : resources) {
      ResourceEntryTree.countInstances(r, nodeNames.size(), 1, false, counts);
    }
    // A guest node's connection is not listed, but crm_mon counts it as an instance.
    counts[0] += implicit.size();

    List<String> activeNodes = ResourceEntryTree.activeNodes(snap.activeResource(), resources);
    String localRole = "none";
    if (snap.localNode() != null && snap.activeResource() != null) {
      localRole = activeNodes.contains(snap.localNode()) ? "active" : "standby";
    }
    Summary summary =
        new Summary(
            ClusterOption.CLUSTER_NAME.value(cib.configuration()),
            STACK,
            version(),
            snap.localNode(),
            snap.dc(),
            snap.quorate(),
            snap.takenAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
            lastChange(cib),
            nodeNames.size(),
            counts[0],
            counts[1],
            counts[2],
            snap.onlineMembers(),
            snap.activeResource(),
            activeNodes,
            localRole,
            ClusterOption.MAINTENANCE_MODE.enabled(cib.configuration()),
            ClusterOption.STOP_ALL_RESOURCES.enabled(cib.configuration()));

    List<FencingEntry> fencing = FailureHistory.fencing(snap);
    FailureHistory.Failures failures = FailureHistory.failures(cib, status, nodeNames);
    List<FailedAction> failed = failures.failed();
    List<FailedAction> failedProbes = failures.failedProbes();
    List<String> constraintIds = new ArrayList<>();
    for (Constraint c : cib.configuration().constraints()) {
      if (c instanceof LocationConstraint lc) {
        constraintIds.add(lc.id());
      }
    }
    List<FailCount> failCounts = FailureHistory.failCounts(status);
    List<MoveBan> moveBans = moveBans(cib, snap.takenAt());
    StatusReport partial =
        new StatusReport(
            summary, nodes, resources, failed, failCounts, fencing, moveBans, null, failedProbes);
    return new StatusReport(
        summary,
        nodes,
        resources,
        failed,
        failCounts,
        fencing,
        moveBans,
        HealthCheck.evaluate(partial, snap.fencingHistory(), constraintIds),
        failedProbes);
  }

  /** The constraints {@code crm resource move|ban} left, in configuration order. */
  static List<MoveBan> moveBans(Cib cib, java.time.Instant now) {
    List<MoveBan> out = new ArrayList<>();
    for (Constraint c : cib.configuration().constraints()) {
      if (!(c instanceof LocationConstraint lc)
          || !(lc.id().startsWith("cli-prefer-") || lc.id().startsWith("cli-ban-"))) {
        continue;
      }
      String node = lc.node();
      String score = lc.score() == null ? null : lc.score().toString();
      String until = null;
      for (org.paceline.cib.Rule r : lc.rules()) {
        if (score == null && r.score() != null) {
          score = r.score().toString();
        }
        for (org.paceline.cib.RuleExpression e : r.expressions()) {
          if (e instanceof org.paceline.cib.AttributeExpression a
              && "#uname".equals(a.attribute())
              && node == null) {
            node = a.value();
          } else if (e instanceof org.paceline.cib.DateExpression d
              && "lt".equals(d.operation())
              && d.end() != null) {
            until = d.end();
          }
        }
      }
      boolean expired = false;
      if (until != null) {
        try {
          expired = !java.time.OffsetDateTime.parse(until).toInstant().isAfter(now);
        } catch (java.time.format.DateTimeParseException e) {
          expired = false;
        }
      }
      out.add(new MoveBan(lc.id(), lc.rsc(), node, score, until, expired));
    }
    return out;
  }

  /** The Paceline version from the jar manifest, or "development" when run from classes. */
  public static String version() {
    String v = StatusReportBuilder.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  private static String lastChange(Cib cib) {
    // crm_mon prints the line whatever the CIB holds: an empty time when it has none.
    String written = cib.otherAttributes().getOrDefault("cib-last-written", "");
    StringBuilder b = new StringBuilder(written);
    String client = cib.otherAttributes().get("update-client");
    String user = cib.otherAttributes().get("update-user");
    String origin = cib.otherAttributes().get("update-origin");
    if (user != null) {
      b.append(" by ").append(user);
    }
    if (client != null) {
      b.append(" via ").append(client);
    }
    if (origin != null) {
      b.append(" on ").append(origin);
    }
    return b.toString();
  }

  private static void indexParents(Resource r, Map<String, Resource> parents) {
    for (Resource c : r.children()) {
      parents.put(c.id(), r);
      indexParents(c, parents);
    }
  }
}
