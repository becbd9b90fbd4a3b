package org.paceline.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.ClusterOption;
import org.paceline.status.ClusterSnapshot;
import org.paceline.status.FencingEvent;
import org.paceline.status.StatusReport;
import org.paceline.status.StatusReport.FailCount;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;

/**
 * Writes the Prometheus text exposition format (version 0.0.4) with the Prometheus Java client
 * (metrics built per scrape from one snapshot, then its text writer): cluster state under the names
 * ClusterLabs' ha_cluster_exporter uses ({@code ha_cluster_pacemaker_*}), so existing dashboards
 * and alerts apply, plus Paceline's own {@code paceline_*} series.
 */
public final class MetricsWriter {
  /** The Content-Type of this format. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final List<MetricSnapshot> families = new ArrayList<>();
  private final Map<String, Object> metrics = new LinkedHashMap<>();

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
    w.family("paceline_nodes_configured", "gauge", "Number of configured nodes.");
    w.sample("paceline_nodes_configured", r.nodes().size());
    w.family(
        "ha_cluster_pacemaker_resources",
        "gauge",
        "Primitive instances by node, role and status (node is empty for a stopped one).");
    for (ResourceEntry e : r.resources()) {
      w.resources(e);
    }
    w.family(
        "paceline_resource_instances_configured",
        "gauge",
        "Number of resource instances configured.");
    w.sample("paceline_resource_instances_configured", r.summary().instancesConfigured());
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
    boolean stonith = ClusterOption.STONITH_ENABLED.enabled(snap.cib().configuration());
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
    return w.text();
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

  /** Declares a family; its label names are those of its first sample. */
  private void family(String name, String type, String help) {
    metrics.put(name, new String[] {type, help});
  }

  private void sample(String name, long value, String... labels) {
    Object m = metrics.get(name);
    if (m instanceof String[] decl) {
      String[] names = new String[labels.length / 2];
      for (int i = 0; i < names.length; i++) {
        names[i] = labels[2 * i];
      }
      m =
          decl[0].equals("counter")
              ? Counter.builder().name(name).help(decl[1]).labelNames(names).build()
              : Gauge.builder().name(name).help(decl[1]).labelNames(names).build();
      metrics.put(name, m);
    }
    String[] values = new String[labels.length / 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = labels[2 * i + 1];
    }
    if (m instanceof Counter c) {
      (values.length == 0 ? c : c.labelValues(values)).inc(value);
    } else if (m instanceof Gauge g) {
      (values.length == 0 ? g : g.labelValues(values)).set(value);
    } else {
      throw new IllegalStateException("metric " + name + " sampled before it was declared");
    }
  }

  private String text() {
    for (Object m : metrics.values()) {
      if (m instanceof Counter c) {
        families.add(c.collect());
      } else if (m instanceof Gauge g) {
        families.add(g.collect());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(families));
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
