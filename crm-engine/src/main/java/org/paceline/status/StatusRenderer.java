package org.paceline.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paceline.status.StatusReport.FailedAction;
import org.paceline.status.StatusReport.FencingEntry;
import org.paceline.status.StatusReport.Health;
import org.paceline.status.StatusReport.Instance;
import org.paceline.status.StatusReport.NodeEntry;
import org.paceline.status.StatusReport.ResourceEntry;
import org.paceline.status.StatusReport.Summary;

/**
 * Renders cluster status for operators: crm_mon's text layout ("Cluster Summary:", "Node List:",
 * "Full List of Resources:", "Failed Resource Actions:", "Fencing History:"), crm_simulate's
 * "Current cluster status:" section, JSON of the {@link StatusReport}, crm_mon-like XML, and the
 * {@link HealthCheck} verdict. Pure and deterministic: the same snapshot gives the same bytes.
 */
public final class StatusRenderer {
  /** ctime(3)'s format, as Pacemaker prints times: the day of the month padded with a space. */
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private StatusRenderer() {}

  /**
   * Made on first use: loading Jackson costs a quarter of a second, and the text and XML outputs
   * (crm status, crm simulate) never need it.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** The full text status, like {@code crm_mon -1 -r} (inactive resources shown). */
  public static String text(ClusterSnapshot snap) {
    return text(StatusReportBuilder.build(snap), true);
  }

  /**
   * The text status of a report.
   *
   * @param inactive whether stopped resources are listed ("Full List of Resources") or only active
   *     ones ("Active Resources")
   */
  public static String text(StatusReport report, boolean inactive) {
    StringBuilder b = new StringBuilder();
    Summary s = report.summary();
    b.append("Cluster Summary:\n");
    b.append("  * Stack: ").append(s.stack()).append('\n');
    if (s.dc() == null) {
      b.append("  * Current DC: NONE\n");
    } else {
      b.append("  * Current DC: ")
          .append(s.dc())
          .append(" (version ")
          .append(s.version())
          .append(") - partition ")
          .append(s.quorate() ? "with" : "WITHOUT")
          .append(" quorum\n");
    }
    b.append("  * Last updated: ").append(ctime(s.lastUpdated())).append('\n');
    if (s.lastChange() != null) {
      b.append("  * Last change:  ").append(s.lastChange()).append('\n');
    }
    // crm_mon's cluster-counts: singular for one, the disabled and blocked counts when non-zero
    b.append("  * ")
        .append(s.nodesConfigured())
        .append(" node")
        .append(plural(s.nodesConfigured()))
        .append(" configured\n");
    b.append("  * ")
        .append(s.instancesConfigured())
        .append(" resource instance")
        .append(plural(s.instancesConfigured()))
        .append(" configured");
    List<String> counts = new java.util.ArrayList<>();
    if (s.instancesDisabled() > 0) {
      counts.add(s.instancesDisabled() + " DISABLED");
    }
    if (s.instancesBlocked() > 0) {
      counts.add(s.instancesBlocked() + " BLOCKED from further action due to failure");
    }
    if (!counts.isEmpty()) {
      b.append(" (").append(String.join(", ", counts)).append(')');
    }
    b.append('\n');
    // crm_mon's maintenance banner: the whole cluster unmanaged, or every resource kept stopped.
    if (s.maintenanceMode()) {
      b.append("\n              *** Resource management is DISABLED ***\n");
      b.append("  The cluster will not attempt to start, stop or recover services\n");
    } else if (s.stopAllResources()) {
      b.append("\n    *** Resource management is DISABLED ***\n");
      b.append("  The cluster will keep all resources stopped\n");
    }
    b.append('\n');
    b.append("Node List:\n");
    nodeList(report, "  ", b);
    b.append('\n');
    b.append(inactive ? "Full List of Resources:\n" : "Active Resources:\n");
    resourceList(report, "  ", inactive, b);
    if (!report.failedActions().isEmpty()) {
      b.append("\nFailed Resource Actions:\n");
      for (FailedAction f : report.failedActions()) {
        b.append("  * ").append(failedActionText(f)).append('\n');
      }
    }
    if (!report.moveBans().isEmpty()) {
      b.append("\nMove/Ban Constraints (crm resource clear RSC removes them):\n");
      for (StatusReport.MoveBan m : report.moveBans()) {
        b.append("  * ")
            .append(m.id())
            .append(": ")
            .append(m.resource())
            .append(m.score() != null && m.score().startsWith("-") ? " banned from " : " moved to ")
            .append(m.node() == null ? "?" : m.node());
        if (m.until() != null) {
          b.append(m.expired() ? " (expired " : " (until ").append(m.until()).append(')');
        }
        b.append('\n');
      }
    }
    if (!report.fencing().isEmpty()) {
      b.append("\nFencing History:\n");
      for (FencingEntry f : report.fencing()) {
        b.append("  * ")
            .append(f.action())
            .append(" of ")
            .append(f.target())
            .append(f.ok() ? " successful: completed='" : " failed: last-failed='")
            .append(f.when() == null ? "unknown" : ctime(f.when()))
            .append('\'');
        if (!f.detail().isEmpty()) {
          b.append(", detail='").append(f.detail()).append('\'');
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** "s" unless {@code n} is 1, as Pacemaker's pcmk__plural_s. */
  static String plural(long n) {
    return n == 1 ? "" : "s";
  }

  /**
   * crm_simulate's "Current cluster status:" section (node list and full resource list, indented
   * one level), ending with a blank line.
   */
  public static String simulateSection(ClusterSnapshot snap) {
    StatusReport report = StatusReportBuilder.build(snap);
    StringBuilder b = new StringBuilder();
    Long executionDate = snap.cib().executionDate();
    if (executionDate != null) {
      b.append("Using the original execution date of: ")
          .append(Instant.ofEpochSecond(executionDate).toString().replace('T', ' '))
          .append('\n');
    }
    Summary s = report.summary();
    if (s.instancesDisabled() > 0 || s.instancesBlocked() > 0) {
      b.append(s.instancesDisabled())
          .append(" of ")
          .append(s.instancesConfigured())
          .append(" resource instances DISABLED and ")
          .append(s.instancesBlocked())
          .append(" BLOCKED from further action due to failure\n\n");
    }
    b.append("Current cluster status:\n");
    lists(report, b);
    return b.toString();
  }

  /** crm_simulate -S's "Revised Cluster Status" section: the status after the transition ran. */
  public static String revisedSection(ClusterSnapshot snap) {
    StringBuilder b = new StringBuilder("Revised Cluster Status:\n");
    lists(StatusReportBuilder.build(snap), b);
    return b.toString();
  }

  private static void lists(StatusReport report, StringBuilder b) {
    b.append("  * Node List:\n");
    nodeList(report, "    ", b);
    b.append('\n');
    b.append("  * Full List of Resources:\n");
    resourceList(report, "    ", true, b);
    b.append('\n');
  }

  /** The report as JSON (the shape of {@link StatusReport}). */
  public static String json(ClusterSnapshot snap) {
    return json(StatusReportBuilder.build(snap));
  }

  /** A report as JSON. */
  public static String json(StatusReport report) {
    try {
      return Json.MAPPER.writeValueAsString(report) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status report is not serializable", e);
    }
  }

  /** The status as crm_mon-like XML. */
  public static String xml(ClusterSnapshot snap) {
    return StatusXml.write(StatusReportBuilder.build(snap));
  }

  /** The health verdict: code 0 OK, 1 WARNING, 2 CRITICAL, with reasons. */
  public static Health check(ClusterSnapshot snap) {
    return StatusReportBuilder.build(snap).health();
  }

  /** A verdict as text: "CLUSTER OK" / "CLUSTER WARNING: reason; reason". */
  public static String checkText(Health h) {
    StringBuilder b = new StringBuilder("CLUSTER ").append(h.word());
    if (!h.reasons().isEmpty()) {
      b.append(": ").append(String.join("; ", h.reasons()));
    }
    return b.append('\n').toString();
  }

  /**
   * A failed action in Pacemaker 2.1's friendly form: "RSC 10s-interval monitor on NODE returned
   * 'error' (reason) at TIME after 42ms".
   */
  static String failedActionText(FailedAction f) {
    StringBuilder b = new StringBuilder();
    b.append(keyResource(f)).append(' ');
    String task = f.task() == null ? "unknown" : f.task();
    if (task.equals("monitor") && f.intervalMs() == 0) {
      task = "probe";
    } else if (f.intervalMs() > 0) {
      b.append(readableMs(f.intervalMs())).append("-interval ");
    }
    b.append(task).append(" on ").append(f.node()).append(' ');
    // Pacemaker's failed-action text: the rc when the action completed, else why it could not
    // run; the exit reason with either; the time of the change; how long it ran, when known.
    if (f.status().equals("complete")) {
      b.append("returned '").append(f.rcText()).append('\'');
      if (!f.exitReason().isEmpty()) {
        b.append(" (").append(f.exitReason()).append(')');
      }
    } else {
      b.append("could not be executed (").append(f.status());
      if (!f.exitReason().isEmpty()) {
        b.append(": ").append(f.exitReason());
      }
      b.append(')');
    }
    if (f.lastRcChange() != null) {
      b.append(" at ").append(ctime(f.lastRcChange()));
    }
    if (f.execMs() > 0) {
      b.append(" after ").append(readableMs(f.execMs()));
    }
    return b.toString();
  }

  /**
   * The resource a failed action names: as Pacemaker's parse_op_key, the operation key without its
   * "_TASK_INTERVAL" end (a resource renamed since, or a group member recorded under an old id, is
   * named as the key has it); the history's resource when the key does not end so.
   */
  static String keyResource(FailedAction f) {
    String key = f.opKey();
    String end = "_" + f.task() + "_" + f.intervalMs();
    if (key != null && f.task() != null && key.endsWith(end) && key.length() > end.length()) {
      return key.substring(0, key.length() - end.length());
    }
    return f.resource();
  }

  /**
   * A duration as Pacemaker's pcmk__readable_interval prints one: days, hours and minutes each when
   * the rest is more than one, then seconds with milliseconds as a fraction ("30.160s") when more
   * than a second is left, else milliseconds ("20ms", "1000ms"), "0s" for nothing.
   */
  static String readableMs(long ms) {
    StringBuilder b = new StringBuilder();
    long rest = ms;
    long[] units = {86_400_000L, 3_600_000L, 60_000L};
    String[] names = {"d", "h", "m"};
    for (int i = 0; i < units.length; i++) {
      if (rest > units[i]) {
        b.append(rest / units[i]).append(names[i]);
        rest %= units[i];
      }
    }
    if (rest > 1000) {
      b.append(rest / 1000);
      if (rest % 1000 > 0) {
        b.append(String.format(Locale.ROOT, ".%03d", rest % 1000));
      }
      b.append('s');
    } else if (rest > 0) {
      b.append(rest).append("ms");
    } else if (b.length() == 0) {
      b.append("0s");
    }
    return b.toString();
  }

  static String ctime(String iso) {
    try {
      return CTIME.format(Instant.parse(iso));
    } catch (java.time.format.DateTimeParseException e) {
      return iso;
    }
  }

  /**
   * The node list as crm_mon prints it: nodes in an unusual state one per line (RemoteNode or
   * GuestNode for those kinds), then the online and offline cluster nodes, remote nodes and online
   * guest nodes as lists (an offline guest node is not listed).
   */
  private static void nodeList(StatusReport report, String indent, StringBuilder b) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String l :
        List.of("Online", "OFFLINE", "RemoteOnline", "RemoteOFFLINE", "GuestOnline", "-")) {
      lists.put(l, new ArrayList<>());
    }
    for (NodeEntry n : report.nodes()) {
      boolean plain = !n.unclean() && !n.standby() && !n.maintenance();
      String prefix =
          switch (n.kind()) {
            case "remote" -> "Remote";
            case "guest" -> "Guest";
            default -> "";
          };
      if (plain && n.state().equals(n.online() ? "online" : "OFFLINE")) {
        String list = prefix + (n.online() ? "Online" : "OFFLINE");
        lists.getOrDefault(list, lists.get("-")).add(n.name());
      } else {
        b.append(indent)
            .append("* ")
            .append(prefix.isEmpty() ? "Node" : prefix + "Node")
            .append(' ')
            .append(n.name())
            .append(": ")
            .append(n.state())
            .append('\n');
      }
    }
    for (Map.Entry<String, List<String>> e : lists.entrySet()) {
      if (!e.getKey().equals("-") && !e.getValue().isEmpty()) {
        b.append(indent).append("* ").append(e.getKey()).append(": [ ");
        b.append(String.join(" ", e.getValue())).append(" ]\n");
      }
    }
  }

  private static void resourceList(
      StatusReport report, String indent, boolean inactive, StringBuilder b) {
    int before = b.length();
    for (ResourceEntry r : report.resources()) {
      resource(report, r, indent, inactive, b);
    }
    if (b.length() == before) {
      b.append(indent).append(inactive ? "* No resources\n" : "* No active resources\n");
    }
  }

  private static void resource(
      StatusReport report, ResourceEntry r, String indent, boolean inactive, StringBuilder b) {
    switch (r.kind()) {
      case "primitive" -> {
        if (inactive || !r.instances().isEmpty()) {
          primitiveLine(r.id(), r, r.instances(), indent, b);
        }
      }
      case "group" -> {
        boolean active = !ResourceEntryTree.allInstances(r).isEmpty();
        if (!inactive && !active) {
          return;
        }
        b.append(indent).append("* Resource Group: ").append(r.id());
        flags(r, b);
        b.append(":\n");
        for (ResourceEntry m : r.children()) {
          resource(report, m, indent + "  ", inactive, b);
        }
      }
      case "clone" -> clone(report, r, indent, inactive, b);
      case "orphan" -> primitiveLine(r.id(), r, r.instances(), indent, b);
      default -> {
        if (inactive) {
          b.append(indent).append("* ").append(r.id()).append("\t(").append(r.kind());
          b.append("):\t not shown\n");
        }
      }
    }
  }

  /** A group's flags, in Pacemaker's order: unmanaged, then disabled. */
  private static void flags(ResourceEntry r, StringBuilder b) {
    List<String> f = new ArrayList<>();
    if (!r.managed()) {
      f.add("unmanaged");
    }
    if (r.disabled()) {
      f.add("disabled");
    }
    if (!f.isEmpty()) {
      b.append(" (").append(String.join(", ", f)).append(')');
    }
  }

  /** The state an action in flight shows instead of the role (Pacemaker's pending states). */
  static String pendingState(String task, String role) {
    if (task == null) {
      return role;
    }
    return switch (task) {
      case "start" -> "Starting";
      case "stop" -> "Stopping";
      case "migrate_to", "migrate_from" -> "Migrating";
      case "promote" -> "Promoting";
      case "demote" -> "Demoting";
      default -> role;
    };
  }

  /**
   * One resource line as Pacemaker's native output: the state (FAILED, the role; the node when it
   * is active on one), then the flags in parentheses (UNCLEAN, disabled, blocked or unmanaged,
   * failure ignored), then, when it is active on several nodes, their list.
   */
  private static void primitiveLine(
      String name, ResourceEntry r, List<Instance> instances, String indent, StringBuilder b) {
    b.append(indent).append("* ").append(name).append("\t(").append(r.agent()).append("):\t ");
    List<String> f = new ArrayList<>();
    if (r.kind().equals("orphan")) {
      b.append("ORPHANED ");
    }
    if (instances.isEmpty()) {
      b.append("Stopped");
    } else {
      Instance first = instances.get(0);
      boolean failed = instances.stream().anyMatch(Instance::failed);
      if (failed) {
        b.append("FAILED");
        if (first.role().equals("Promoted")) {
          b.append(" Promoted");
        }
      } else {
        b.append(pendingState(first.pendingTask(), first.role()));
      }
      if (instances.size() == 1) {
        b.append(' ').append(first.node());
        if (first.nodeUnclean()) {
          f.add("UNCLEAN");
        }
      }
      if ("monitor".equals(first.pendingTask())) {
        f.add("Monitoring");
      }
    }
    if (r.disabled()) {
      f.add("disabled");
    }
    if (instances.stream().anyMatch(Instance::blocked)) {
      f.add("blocked");
    } else if (!r.managed() || instances.stream().anyMatch(Instance::nodeMaintenance)) {
      f.add("unmanaged");
    }
    if (instances.stream().anyMatch(Instance::failureIgnored)) {
      f.add("failure ignored");
    }
    if (!f.isEmpty()) {
      b.append(" (").append(String.join(", ", f)).append(')');
    }
    if (instances.size() > 1) {
      b.append(" [ ");
      for (Instance i : instances) {
        b.append(i.node()).append(' ');
      }
      b.append(']');
    }
    b.append('\n');
  }

  private static void clone(
      StatusReport report, ResourceEntry c, String indent, boolean inactive, StringBuilder b) {
    List<Instance> all = ResourceEntryTree.allInstances(c);
    if (!inactive && all.isEmpty()) {
      return;
    }
    ResourceEntry child = c.children().isEmpty() ? null : c.children().get(0);
    b.append(indent).append("* Clone Set: ").append(c.id());
    if (child != null) {
      b.append(" [").append(child.id()).append(']');
    }
    List<String> kinds = new ArrayList<>();
    if (c.promotable()) {
      kinds.add("promotable");
    }
    if (c.unique()) {
      kinds.add("unique");
    }
    if (c.disabled()) {
      kinds.add("disabled");
    }
    if (!c.managed()) {
      kinds.add("unmanaged");
    }
    if (!kinds.isEmpty()) {
      b.append(" (").append(String.join(", ", kinds)).append(')');
    }
    b.append(":\n");
    if (child == null) {
      return;
    }
    String in = indent + "  ";
    if (c.unique() && child.kind().equals("primitive")) {
      uniqueInstances(c, child, in, inactive, b);
      return;
    }
    if (c.unique() && child.kind().equals("group")) {
      uniqueGroupInstances(c, child, in, inactive, b);
      return;
    }
    Map<String, List<String>> lists = new LinkedHashMap<>();
    lists.put("Promoted", new ArrayList<>());
    lists.put("Unpromoted", new ArrayList<>());
    lists.put("Started", new ArrayList<>());
    List<String> runningNodes = new ArrayList<>();
    if (child.kind().equals("primitive")) {
      for (Instance i : child.instances()) {
        runningNodes.add(i.node());
        if (i.failed() || i.nodeUnclean() || i.blocked() || !child.managed()) {
          primitiveLine(child.id(), child, List.of(i), in, b);
        } else {
          lists.get(i.role()).add(i.node());
        }
      }
    } else {
      groupInstances(child, in, lists, runningNodes, b);
    }
    for (Map.Entry<String, List<String>> e : lists.entrySet()) {
      if (!e.getValue().isEmpty()) {
        List<String> nodes = new ArrayList<>(e.getValue());
        nodes.sort(StatusReportBuilder.NATURAL);
        b.append(in).append("* ").append(e.getKey()).append(": [ ");
        b.append(String.join(" ", nodes)).append(" ]\n");
      }
    }
    if (inactive) {
      // Each stopped node under its state, the states in order (Pacemaker sorts them): Stopped,
      // Stopped (disabled), or Stopped (REASON) where a probe found the agent missing.
      Map<String, List<String>> stopped = new java.util.TreeMap<>();
      for (String n : c.allowedNodes()) {
        if (runningNodes.contains(n)) {
          continue;
        }
        String state = c.disabled() ? "Stopped (disabled)" : "Stopped";
        for (FailedAction f : report.failedProbes()) {
          if (f.node().equals(n) && keyResource(f).equals(child.id())) {
            state = "Stopped (" + f.rcText() + ")";
            break;
          }
        }
        stopped.computeIfAbsent(state, k -> new ArrayList<>()).add(n);
      }
      for (Map.Entry<String, List<String>> e : stopped.entrySet()) {
        List<String> nodes = new ArrayList<>(e.getValue());
        nodes.sort(StatusReportBuilder.NATURAL);
        b.append(in).append("* ").append(e.getKey()).append(": [ ");
        b.append(String.join(" ", nodes)).append(" ]\n");
      }
    }
  }

  /** A cloned group: nodes where every member runs cleanly are listed; others member by member. */
  private static void groupInstances(
      ResourceEntry group,
      String indent,
      Map<String, List<String>> lists,
      List<String> runningNodes,
      StringBuilder b) {
    List<String> nodes = new ArrayList<>();
    for (Instance i : ResourceEntryTree.allInstances(group)) {
      if (!nodes.contains(i.node())) {
        nodes.add(i.node());
      }
    }
    nodes.sort(StatusReportBuilder.NATURAL);
    runningNodes.addAll(nodes);
    for (String node : nodes) {
      boolean whole = true;
      for (ResourceEntry m : group.children()) {
        boolean ok =
            m.instances().stream()
                .anyMatch(i -> i.node().equals(node) && !i.failed() && !i.nodeUnclean());
        whole &= ok;
      }
      if (whole) {
        lists.get("Started").add(node);
        continue;
      }
      // Pacemaker names the instance: the group's id and the instance number it gave it.
      int number =
          group.children().stream()
              .flatMap(m -> m.instances().stream())
              .filter(i -> i.node().equals(node) && i.cloneInstance() >= 0)
              .mapToInt(Instance::cloneInstance)
              .findFirst()
              .orElse(-1);
      b.append(indent).append("* Resource Group: ").append(group.id());
      if (number >= 0) {
        b.append(':').append(number);
      }
      b.append(":\n");
      for (ResourceEntry m : group.children()) {
        List<Instance> here = m.instances().stream().filter(i -> i.node().equals(node)).toList();
        primitiveLine(m.id(), m, here, indent + "  ", b);
      }
    }
  }

  /**
   * A unique clone of a group: each instance N as "Resource Group: GROUP:N:" with its members
   * MEMBER:N, as Pacemaker prints every instance of a unique clone.
   */
  private static void uniqueGroupInstances(
      ResourceEntry c, ResourceEntry group, String indent, boolean inactive, StringBuilder b) {
    for (int n = 0; n < c.cloneMax(); n++) {
      String suffix = ":" + n;
      boolean active =
          group.children().stream()
              .flatMap(m -> m.instances().stream())
              .anyMatch(i -> i.historyId().endsWith(suffix));
      if (!inactive && !active) {
        continue;
      }
      b.append(indent).append("* Resource Group: ").append(group.id()).append(suffix);
      flags(group, b);
      b.append(":\n");
      for (ResourceEntry m : group.children()) {
        List<Instance> here =
            m.instances().stream().filter(i -> i.historyId().equals(m.id() + suffix)).toList();
        if (inactive || !here.isEmpty()) {
          primitiveLine(m.id() + suffix, m, here, indent + "  ", b);
        }
      }
    }
  }

  private static void uniqueInstances(
      ResourceEntry c, ResourceEntry child, String indent, boolean inactive, StringBuilder b) {
    Map<String, List<Instance>> byId = new LinkedHashMap<>();
    for (int n = 0; n < c.cloneMax(); n++) {
      byId.put(child.id() + ":" + n, new ArrayList<>());
    }
    for (Instance i : child.instances()) {
      byId.computeIfAbsent(i.historyId(), k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Instance>> e : byId.entrySet()) {
      if (inactive || !e.getValue().isEmpty()) {
        primitiveLine(e.getKey(), child, e.getValue(), indent, b);
      }
    }
  }
}
