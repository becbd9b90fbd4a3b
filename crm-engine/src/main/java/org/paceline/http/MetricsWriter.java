package org.paceline.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.FencingEvent;
import org.paceline.status.StatusReport;
import org.paceline.status.StatusReport.FailCount;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): cluster state under the names
 * ClusterLabs' ha_cluster_exporter uses ({@code ha_cluster_pacemaker_*}), so existing dashboards
 * and alerts apply, plus Paceline's own {@code paceline_*} series. Each family is written once with
 * its HELP and TYPE lines; label values are escaped.
 */
public final class MetricsWriter {
  /** The Content-Type of this format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder b = new StringBuilder();

  private MetricsWriter() {}

  /** The metrics of one snapshot. */
  public static String write(ClusterSnapshot snap, StatusReport r) {
    MetricsWriter w = new MetricsWriter();
    w.family(
        "ha_cluster_pacemaker_nodes",
        "gauge",
        "Cluster nodes by status (1 for each status a node has).");
    for (NodeEntry n : r.nodes()) {
      Map<String, Boolean> flags = new LinkedHashMap<>();
      flags.put("online", n.online());
      flags.put("standby", n.standby());
      flags.put("maintenance", n.maintenance());
      flags.put("unclean", n.unclean());
      flags.put("shutdown", n.shutdown());
      flags.put("dc", n.dc());
      for (Map.Entry<String, Boolean> f : flags.entrySet()) {
        if (f.getValue()) {
          w.sample(
              "ha_cluster_pacemaker_nodes",
              1,
              "node",
              n.name(),
              "type",
              "member",
              "status",
              f.getKey());
        }
      }
      if (!n.online()) {
        w.sample(
            "ha_cluster_pacemaker_nodes",
            1,
            "node",
            n.name(),
            "type",
            "member",
            "status",
            "offline");
      }
    }
    w.family("ha_cluster_pacemaker_nodes_total", "gauge", "Number of configured nodes.");
    w.sample("ha_cluster_pacemaker_nodes_total", r.nodes().size());
    w.family(
        "ha_cluster_pacemaker_resources",
        "gauge",
        "Primitive instances by node, role and status (node is empty for a stopped one).");
    for (ResourceEntry e : r.resources()) {
      w.resources(e);
    }
    w.family(
        "ha_cluster_pacemaker_resources_total",
        "gauge",
        "Number of resource instances configured.");
    w.sample("ha_cluster_pacemaker_resources_total", r.summary().instancesConfigured());
    w.family(
        "ha_cluster_pacemaker_fail_count",
        "gauge",
        "Unexpired fail count of a resource on a node.");
    for (FailCount f : r.failCounts()) {
      w.sample(
          "ha_cluster_pacemaker_fail_count", f.count(), "node", f.node(), "resource", f.resource());
    }
    w.family(
        "ha_cluster_pacemaker_stonith_enabled", "gauge", "Whether fencing is enabled (1) or not.");
    boolean stonith =
        snap.cib()
            .configuration()
            .property("stonith-enabled")
            .map(v -> !v.equals("false"))
            .orElse(true);
    w.sample("ha_cluster_pacemaker_stonith_enabled", stonith ? 1 : 0);
    w.family("paceline_quorate", "gauge", "Whether this node's partition has quorum.");
    w.sample("paceline_quorate", r.summary().quorate() ? 1 : 0);
    w.family("paceline_is_dc", "gauge", "Whether this node is the designated controller.");
    boolean isDc = snap.localNode() != null && snap.localNode().equals(snap.dc());
    w.sample("paceline_is_dc", isDc ? 1 : 0);
    w.family(
        "paceline_is_active",
        "gauge",
        "Whether the active resource runs on this node (Promoted, for a promotable clone).");
    w.sample("paceline_is_active", r.summary().localRole().equals("active") ? 1 : 0);
    w.family("paceline_health_status", "gauge", "Health verdict: 0 OK, 1 WARNING, 2 CRITICAL.");
    w.sample("paceline_health_status", r.health().code());
    w.family("paceline_members", "gauge", "Nodes in this node's membership view.");
    w.sample("paceline_members", snap.onlineMembers().size());
    w.family(
        "paceline_failed_actions",
        "gauge",
        "Operations in the history that did not return the expected code.");
    w.sample("paceline_failed_actions", r.failedActions().size());
    w.family(
        "paceline_node_last_report_timestamp_seconds",
        "gauge",
        "When a node was last heard from (Unix time).");
    for (Map.Entry<String, Instant> e : new java.util.TreeMap<>(snap.lastReported()).entrySet()) {
      w.sample(
          "paceline_node_last_report_timestamp_seconds",
          e.getValue().getEpochSecond(),
          "node",
          e.getKey());
    }
    w.family(
        "paceline_fencing_events_total", "counter", "Fencing requests in the history, by outcome.");
    long ok = snap.fencingHistory().stream().filter(FencingEvent::ok).count();
    w.sample("paceline_fencing_events_total", ok, "status", "success");
    w.sample(
        "paceline_fencing_events_total", snap.fencingHistory().size() - ok, "status", "failed");
    return w.b.toString();
  }

  private void resources(ResourceEntry e) {
    switch (e.kind()) {
      case "primitive", "orphan" -> {
        String managed = Boolean.toString(e.managed());
        if (e.instances().isEmpty()) {
          sample(
              "ha_cluster_pacemaker_resources",
              1,
              "node",
              "",
              "resource",
              e.id(),
              "role",
              "stopped",
              "managed",
              managed,
              "status",
              e.disabled() ? "disabled" : "stopped");
        }
        for (Instance i : e.instances()) {
          String status =
              i.failed()
                  ? "failed"
                  : i.blocked() ? "blocked" : e.kind().equals("orphan") ? "orphaned" : "active";
          sample(
              "ha_cluster_pacemaker_resources",
              1,
              "node",
              i.node(),
              "resource",
              e.id(),
              "role",
              i.role().toLowerCase(java.util.Locale.ROOT),
              "managed",
              managed,
              "status",
              status);
        }
      }
      default -> {
        for (ResourceEntry c : e.children()) {
          resources(c);
        }
      }
    }
  }

  private void family(String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, long value, String... labels) {
    b.append(name);
    if (labels.length > 0) {
      b.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        if (i > 0) {
          b.append(',');
        }
        b.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
      }
      b.append('}');
    }
    b.append(' ').append(value).append('\n');
  }

  /** Label value escaping of the text format: backslash, double quote and newline. */
  static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
