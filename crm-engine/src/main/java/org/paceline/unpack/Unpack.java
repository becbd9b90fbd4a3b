package org.paceline.unpack;

import java.util.List;
import java.util.Map;
import org.paceline.cib.Cib;
import org.paceline.cib.NvSet;
import org.paceline.cib.TemplateExpansion;

/**
 * What a CIB means at a given "now", before any scheduling: the configuration as Pacemaker's unpack
 * completes it and the status section read into nodes, active instances and failures. The scheduler
 * and the status displays both start here.
 */
public final class Unpack {
  private Unpack() {}

  /**
   * The status section as the scheduler reads it (node states, where each resource is active, fail
   * counts), without planning anything: what status displays show.
   *
   * @param nowEpochSeconds the time failure-timeout is evaluated at
   */
  public static ClusterStatus currentStatus(Cib cib, long nowEpochSeconds) {
    return new StatusUnpacker(cib, nowEpochSeconds).unpack();
  }

  /**
   * The CIB as the scheduler reads it at {@code nowEpochSeconds}: templates expanded, each bundle's
   * replicas and each guest node's implicit remote connection resource added (as Pacemaker's unpack
   * adds it), each filler tied to its container ({@link Containers}), and only the cluster property
   * sets whose rules hold.
   */
  public static Cib withImplicitResources(Cib cib, long nowEpochSeconds) {
    return propertiesAt(
        Containers.expand(
            GuestNodes.expand(BundleExpansion.expand(TemplateExpansion.expand(cib))),
            nowEpochSeconds),
        nowEpochSeconds);
  }

  /**
   * The CIB with only the cluster property sets whose rule holds at "now" (Pacemaker evaluates
   * {@code crm_config} rules, such as business-hours settings, when it unpacks them); the same CIB
   * when no set has a rule.
   */
  static Cib propertiesAt(Cib cib, long nowEpochSeconds) {
    List<NvSet> sets = cib.configuration().clusterProperties();
    if (sets.stream().allMatch(s -> s.rule() == null)) {
      return cib;
    }
    RuleEvaluator rules = new RuleEvaluator(nowEpochSeconds);
    List<NvSet> holding =
        sets.stream().filter(s -> s.rule() == null || rules.matches(s.rule(), Map.of())).toList();
    return cib.withConfiguration(cib.configuration().withClusterProperties(holding));
  }
}
