package org.paceline.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.agents.ExecStatus;
import org.paceline.agents.OcfExitCode;
import org.paceline.cib.Cib;
import org.paceline.cib.LrmResource;
import org.paceline.cib.LrmRscOp;
import org.paceline.cib.NodeState;
import org.paceline.status.StatusReport.FailCount;
import org.paceline.status.StatusReport.FailedAction;
import org.paceline.status.StatusReport.FencingEntry;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * The report's failures and history: failed operations (with the probes Pacemaker sets aside), fail
 * counts and the fencing history, newest first.
 */
final class FailureHistory {
  private FailureHistory() {}

  /** The failed operations crm_mon lists, apart from the probes it sets aside. */
  record Failures(List<FailedAction> failed, List<FailedAction> failedProbes) {}

  /**
   * The failed operations, split as Pacemaker sets aside a probe that found the agent missing or
   * misconfigured (pcmk_xe_mask_probe_failure): it explains a stopped instance instead.
   */
  static Failures failures(Cib cib, ClusterStatus status, List<String> nodeNames) {
    List<FailedAction> failed = new ArrayList<>();
    List<FailedAction> failedProbes = new ArrayList<>();
    for (FailedAction f : failedActions(cib, status, nodeNames)) {
      boolean masked =
          "monitor".equals(f.task())
              && f.intervalMs() == 0
              && (f.rc() == OcfExitCode.NOT_INSTALLED.code()
                  || f.rc() == OcfExitCode.INVALID_ARGUMENT.code()
                  || f.status().equals(OcfRc.execStatus(ExecStatus.NOT_INSTALLED.code())));
      (masked ? failedProbes : failed).add(f);
    }
    return new Failures(failed, failedProbes);
  }

  /** Unexpired fail counts by resource, then node in natural order. */
  static List<FailCount> failCounts(ClusterStatus status) {
    List<FailCount> failCounts = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : status.failCounts().entrySet()) {
      for (Map.Entry<String, Integer> n : e.getValue().entrySet()) {
        failCounts.add(new FailCount(n.getKey(), e.getKey(), n.getValue()));
      }
    }
    failCounts.sort(
        Comparator.comparing(FailCount::resource)
            .thenComparing(FailCount::node, StatusReportBuilder.NATURAL));
    return failCounts;
  }

  /** The fencing history, newest first. */
  static List<FencingEntry> fencing(ClusterSnapshot snap) {
    List<FencingEntry> fencing = new ArrayList<>();
    for (int i = snap.fencingHistory().size() - 1; i >= 0; i--) {
      FencingEvent e = snap.fencingHistory().get(i);
      fencing.add(
          new FencingEntry(
              e.target(),
              e.action(),
              e.ok(),
              e.when() == null ? null : e.when().toString(),
              e.detail()));
    }
    return fencing;
  }

  /**
   * The failed operations in the histories Pacemaker reads: an offline node's history is read only
   * when fencing is enabled (its last pass, for what fencing must clean up); otherwise what it
   * recorded no longer counts.
   */
  private static List<FailedAction> failedActions(
      Cib cib, ClusterStatus status, List<String> nodeNames) {
    List<FailedAction> out = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (String node : nodeNames) {
      Optional<NodeState> s = cib.nodeState(node);
      NodeStatus ns = status.node(node);
      if (s.isEmpty() || (ns != null && !ns.online() && !status.stonithEnabled())) {
        continue;
      }
      for (LrmResource lr : s.get().lrmResources()) {
        for (LrmRscOp op : lr.ops()) {
          Integer expected = op.targetRc();
          int rc = op.rcCode() == null ? 0 : op.rcCode();
          int opStatus = op.opStatus() == null ? 0 : op.opStatus();
          boolean probe = "monitor".equals(op.operation()) && op.intervalMs() == 0;
          if (!OcfRc.failed(opStatus, rc, expected, probe)) {
            continue;
          }
          String key = op.operationKey() != null ? op.operationKey() : op.id();
          if (seen.putIfAbsent(key + "\0" + node, true) != null) {
            continue;
          }
          long interval = op.intervalMs();
          out.add(
              new FailedAction(
                  key,
                  node,
                  lr.id(),
                  op.operation(),
                  interval,
                  rc,
                  OcfRc.name(rc),
                  expected == null ? -1 : expected,
                  op.callId() == null ? 0 : op.callId(),
                  OcfRc.execStatus(opStatus),
                  op.otherAttributes().getOrDefault("exit-reason", ""),
                  op.lastRcChange() == null
                      ? null
                      : Instant.ofEpochSecond(op.lastRcChange()).toString(),
                  op.queueTimeMs() == null ? 0 : op.queueTimeMs(),
                  op.execTimeMs() == null ? 0 : op.execTimeMs()));
        }
      }
    }
    return out;
  }
}
