package org.paceline.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.status.StatusReport.FailedAction;
import org.paceline.status.StatusReport.Health;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;

/**
 * The monitoring verdict over a status report, with the Nagios convention: 0 OK, 1 WARNING, 2
 * CRITICAL, each with its reasons in words. Critical: no quorum, a failed or unclean thing, a
 * resource that should run and does not, a fencing request whose last attempt failed. Warning: a
 * node away (offline, standby, maintenance), no standby ready for the active resource, failed
 * operations left in the history, and move/ban constraints left behind by {@code crm resource
 * move/ban} (ids cli-prefer-* and cli-ban-*).
 */
public final class HealthCheck {
  public static final int OK = 0;
  public static final int WARNING = 1;
  public static final int CRITICAL = 2;

  private HealthCheck() {}

  /**
   * Judges a report.
   *
   * @param report the report (its own health field is ignored)
   * @param fencing the fencing history, oldest first
   * @param locationConstraintIds ids of the configured location constraints
   */
  public static Health evaluate(
      StatusReport report, List<FencingEvent> fencing, List<String> locationConstraintIds) {
    List<String> critical = new ArrayList<>();
    List<String> warning = new ArrayList<>();
    if (!report.summary().quorate()) {
      critical.add("no quorum");
    }
    for (NodeEntry n : report.nodes()) {
      if (n.unclean()) {
        critical.add("node " + n.name() + " is UNCLEAN and must be fenced");
      } else if (!n.online()) {
        warning.add("node " + n.name() + " is offline");
      } else if (n.standby()) {
        warning.add("node " + n.name() + " is in standby");
      } else if (n.maintenance()) {
        warning.add("node " + n.name() + " is in maintenance");
      }
    }
    List<String> usable = new ArrayList<>();
    for (NodeEntry n : report.nodes()) {
      if (n.online() && !n.unclean() && !n.standby() && !n.maintenance()) {
        usable.add(n.name());
      }
    }
    for (ResourceEntry r : report.resources()) {
      if (r.kind().equals("orphan")) {
        warning.add("resource " + r.id() + " is active but no longer configured");
      } else {
        resource(r, usable, critical, warning);
      }
    }
    Map<String, FencingEvent> lastPerTarget = new LinkedHashMap<>();
    for (FencingEvent e : fencing) {
      lastPerTarget.put(e.target() + "\0" + e.action(), e);
    }
    for (FencingEvent e : lastPerTarget.values()) {
      if (!e.ok()) {
        critical.add(
            "fencing ("
                + e.action()
                + ") of "
                + e.target()
                + " failed"
                + (e.detail().isEmpty() ? "" : ": " + e.detail()));
      }
    }
    standby(report, warning);
    for (FailedAction f : report.failedActions()) {
      warning.add(
          "failed action "
              + f.opKey()
              + " on "
              + f.node()
              + " ('"
              + f.rcText()
              + "' ("
              + f.rc()
              + ")); clear it with crm resource cleanup");
    }
    for (String id : locationConstraintIds) {
      if (id.startsWith("cli-prefer-") || id.startsWith("cli-ban-")) {
        warning.add("constraint " + id + " left by a move/ban; remove it with crm resource clear");
      }
    }
    List<String> reasons = new ArrayList<>(critical);
    reasons.addAll(warning);
    int code = !critical.isEmpty() ? CRITICAL : !warning.isEmpty() ? WARNING : OK;
    return new Health(code, word(code), List.copyOf(reasons));
  }

  /** OK, WARNING or CRITICAL. */
  public static String word(int code) {
    return switch (code) {
      case OK -> "OK";
      case WARNING -> "WARNING";
      default -> "CRITICAL";
    };
  }

  private static void resource(
      ResourceEntry r, List<String> usable, List<String> critical, List<String> warning) {
    switch (r.kind()) {
      case "primitive" -> {
        for (Instance i : r.instances()) {
          if (i.failed()) {
            critical.add("resource " + r.id() + " FAILED on " + i.node());
          }
        }
        if (r.instances().isEmpty() && !r.disabled()) {
          // Stopped where it could run is an outage; stopped because every node it may use is
          // away (a fence device for the node that is down) only lowers the redundancy.
          if (r.allowedNodes().stream().anyMatch(usable::contains)) {
            critical.add("resource " + r.id() + " is stopped");
          } else {
            warning.add("resource " + r.id() + " is stopped: no online node may run it");
          }
        }
      }
      case "group" -> {
        if (r.disabled()) {
          return;
        }
        for (ResourceEntry m : r.children()) {
          resource(m, usable, critical, warning);
        }
      }
      case "clone" -> {
        List<Instance> all = ResourceEntryTree.allInstances(r);
        for (Instance i : all) {
          if (i.failed()) {
            critical.add("resource " + r.id() + " FAILED on " + i.node());
          }
        }
        if (r.disabled()) {
          return;
        }
        if (all.isEmpty()) {
          critical.add("resource " + r.id() + " is stopped on every node");
        } else if (r.promotable()
            && all.stream().noneMatch(i -> i.role().equals("Promoted") && !i.failed())) {
          critical.add("resource " + r.id() + " has no Promoted instance");
        }
      }
      default -> {}
    }
  }

  /** A warning when nothing could take over the active resource right now. */
  private static void standby(StatusReport report, List<String> warning) {
    String id = report.summary().activeResource();
    if (id == null) {
      return;
    }
    ResourceEntry e = ResourceEntryTree.find(id, report.resources());
    if (e == null) {
      warning.add("active resource " + id + " is not configured");
      return;
    }
    List<String> active = report.summary().activeNodes();
    if (e.kind().equals("clone") && e.promotable()) {
      boolean ready = false;
      for (Instance i : ResourceEntryTree.allInstances(e)) {
        NodeEntry n = node(report, i.node());
        if (i.role().equals("Unpromoted")
            && !i.failed()
            && n != null
            && n.online()
            && !n.standby()
            && !active.contains(i.node())) {
          ready = true;
        }
      }
      if (!ready) {
        warning.add("no Unpromoted instance of " + id + " on an online node to take over");
      }
      return;
    }
    boolean candidate = false;
    for (NodeEntry n : report.nodes()) {
      if (n.online() && !n.unclean() && !n.standby() && !active.contains(n.name())) {
        candidate = true;
      }
    }
    if (!candidate) {
      warning.add("no online node to take over " + id);
    }
  }

  private static NodeEntry node(StatusReport report, String name) {
    for (NodeEntry n : report.nodes()) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }
}
