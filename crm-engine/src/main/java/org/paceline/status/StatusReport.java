package org.paceline.status;

import java.util.List;

/**
 * The typed, display-ready view of a {@link ClusterSnapshot}: what every output (text, JSON, XML,
 * metrics, dashboard) shows, computed once by {@link StatusReportBuilder}. Lists are sorted the way
 * crm_mon sorts them, so every output is deterministic. Times are ISO-8601 strings (or null).
 *
 * @param summary the cluster summary
 * @param nodes every configured node, by name
 * @param resources top-level resources in configuration order
 * @param failedActions operations whose result differed from the expected one
 * @param fencing the fencing history, newest first
 * @param moveBans constraints left by {@code crm resource move|ban} (ids cli-prefer-*, cli-ban-*)
 * @param health the verdict of {@link HealthCheck}
 * @param failedProbes probes that found the agent not installed or its parameters invalid: not
 *     failed actions for crm_mon, but the reason a clone instance is stopped there
 */
public record StatusReport(
    Summary summary,
    List<NodeEntry> nodes,
    List<ResourceEntry> resources,
    List<FailedAction> failedActions,
    List<FailCount> failCounts,
    List<FencingEntry> fencing,
    List<MoveBan> moveBans,
    Health health,
    List<FailedAction> failedProbes) {

  /**
   * Where {@code id} is active: promoted, for a promotable clone or its primitive; else running.
   */
  public List<String> activeNodes(String id) {
    return ResourceEntryTree.nodesIn(id, resources, ResourceEntryTree.Want.ACTIVE);
  }

  /** Where {@code id} runs in any role (a group: where all its members run). */
  public List<String> runningNodes(String id) {
    return ResourceEntryTree.nodesIn(id, resources, ResourceEntryTree.Want.RUNNING);
  }

  /** Where an instance of the promotable {@code id} runs unpromoted (none for anything else). */
  public List<String> unpromotedNodes(String id) {
    return ResourceEntryTree.nodesIn(id, resources, ResourceEntryTree.Want.UNPROMOTED);
  }

  /** Whether the report has a resource {@code id} (at any depth). */
  public boolean hasResource(String id) {
    return ResourceEntryTree.find(id, resources) != null;
  }

  /**
   * The cluster summary.
   *
   * @param clusterName the cluster-name property, or null
   * @param stack the cluster stack ("paceline")
   * @param version Paceline's version
   * @param localNode the node this is seen from, or null
   * @param dc the DC's name, or null
   * @param quorate whether the partition has quorum
   * @param lastUpdated when the snapshot was taken
   * @param lastChange the CIB's last-written time and origin, or null
   * @param nodesConfigured number of configured nodes
   * @param instancesConfigured number of primitive instances (clone instances counted each)
   * @param instancesDisabled of which have target-role Stopped
   * @param instancesBlocked of which are blocked by a failure
   * @param onlineMembers the membership view
   * @param activeResource the resource that marks the active node, or null
   * @param activeNodes where the active resource runs (Promoted, for a promotable clone)
   * @param localRole "active", "standby" or "none" for the local node
   * @param maintenanceMode whether maintenance-mode leaves every resource unmanaged
   * @param stopAllResources whether stop-all-resources keeps every resource stopped
   */
  public record Summary(
      String clusterName,
      String stack,
      String version,
      String localNode,
      String dc,
      boolean quorate,
      String lastUpdated,
      String lastChange,
      int nodesConfigured,
      int instancesConfigured,
      int instancesDisabled,
      int instancesBlocked,
      List<String> onlineMembers,
      String activeResource,
      List<String> activeNodes,
      String localRole,
      boolean maintenanceMode,
      boolean stopAllResources) {}

  /**
   * A node.
   *
   * @param name node name
   * @param id node id
   * @param state crm_mon's word: online, OFFLINE, UNCLEAN (offline), standby, maintenance, ...
   * @param online whether it is a joined member
   * @param unclean whether it must be fenced
   * @param standby whether it may not run resources
   * @param maintenance whether its resources are left alone
   * @param shutdown whether it is shutting down
   * @param dc whether it is the DC
   * @param lastReported when it was last heard from, or null
   * @param resourcesRunning number of primitive instances active on it
   * @param kind "member" for a cluster node, "remote" for a Pacemaker Remote node, "guest" for a
   *     guest node (a resource\'s remote-node)
   */
  public record NodeEntry(
      String name,
      String id,
      String state,
      boolean online,
      boolean unclean,
      boolean standby,
      boolean maintenance,
      boolean shutdown,
      boolean dc,
      String lastReported,
      int resourcesRunning,
      String kind) {}

  /**
   * A resource: a primitive (with its instances), a group (members in {@code children}) or a clone
   * (its child in {@code children}, holding every instance).
   *
   * @param id resource id
   * @param kind primitive, group, clone, orphan (active in the history, no longer configured), or
   *     the element name of a resource kind Paceline does not model (bundle, template)
   * @param agent class:provider:type of a primitive, else null
   * @param promotable whether a clone is promotable
   * @param unique whether a clone's instances are distinct
   * @param managed whether the cluster may act on it (is-managed, maintenance)
   * @param disabled whether its target-role is Stopped
   * @param cloneMax a clone's clone-max (number of nodes by default), else 0
   * @param instances where a primitive is active
   * @param children group members or the clone's child
   * @param allowedNodes nodes without a -INFINITY location for it: for a clone (its "Stopped" list)
   *     and a primitive outside clones (can it run anywhere?); empty otherwise
   */
  public record ResourceEntry(
      String id,
      String kind,
      String agent,
      boolean promotable,
      boolean unique,
      boolean managed,
      boolean disabled,
      int cloneMax,
      List<Instance> instances,
      List<ResourceEntry> children,
      List<String> allowedNodes) {}

  /**
   * Where a primitive instance is active.
   *
   * @param historyId the id in the operation history (a clone instance may carry ":N")
   * @param node the node
   * @param role Started, Unpromoted or Promoted
   * @param failed whether it failed and needs recovery
   * @param blocked whether a failure froze it
   * @param nodeUnclean whether its node is offline and must be fenced
   * @param failureIgnored whether a failure was ignored (on-fail=ignore)
   * @param nodeMaintenance whether its node is in maintenance (it is not managed there)
   * @param pendingTask the action in flight there (start, monitor, ...), or null; a probe in flight
   *     is not one, as in Pacemaker
   * @param cloneInstance the number of the anonymous clone instance it belongs to there, or -1
   */
  public record Instance(
      String historyId,
      String node,
      String role,
      boolean failed,
      boolean blocked,
      boolean nodeUnclean,
      boolean failureIgnored,
      boolean nodeMaintenance,
      String pendingTask,
      int cloneInstance) {}

  /**
   * An operation whose result was not the expected one.
   *
   * @param opKey RSC_TASK_INTERVAL
   * @param node where it ran
   * @param resource the resource's history id
   * @param task start, monitor, ...
   * @param intervalMs the interval of a recurring operation, else 0
   * @param rc what the agent returned
   * @param rcText the OCF name of rc
   * @param expectedRc what the transition expected
   * @param callId the executor's call id
   * @param status the execution status (complete, Timed Out, ...)
   * @param exitReason the agent's reason, may be empty
   * @param lastRcChange when the result last changed, or null
   * @param queuedMs time queued
   * @param execMs time executing
   */
  public record FailedAction(
      String opKey,
      String node,
      String resource,
      String task,
      long intervalMs,
      int rc,
      String rcText,
      int expectedRc,
      int callId,
      String status,
      String exitReason,
      String lastRcChange,
      long queuedMs,
      long execMs) {}

  /**
   * A resource's fail count on a node (failures not yet expired by failure-timeout).
   *
   * @param node the node
   * @param resource the resource id (without clone instance suffix)
   * @param count the count (Pacemaker saturates at INFINITY, 1000000)
   */
  public record FailCount(String node, String resource, int count) {}

  /**
   * A fencing event.
   *
   * @param target the fenced node
   * @param action reboot, off or on
   * @param ok whether it succeeded
   * @param when when it completed or failed
   * @param detail origin, reason or error
   */
  public record FencingEntry(
      String target, String action, boolean ok, String when, String detail) {}

  /**
   * A location constraint left by {@code crm resource move} or {@code ban}.
   *
   * @param id the constraint id (cli-prefer-RSC, cli-ban-RSC-on-NODE)
   * @param resource the resource
   * @param node the node it prefers or avoids
   * @param score INFINITY (move) or -INFINITY (ban)
   * @param until the end of its lifetime (--lifetime), or null when it has none
   * @param expired whether that end has passed (it no longer applies but is still configured)
   */
  public record MoveBan(
      String id, String resource, String node, String score, String until, boolean expired) {}

  /**
   * The health verdict.
   *
   * @param code 0 ok, 1 warning, 2 critical (the Nagios convention)
   * @param word OK, WARNING or CRITICAL
   * @param reasons why, critical ones first
   */
  public record Health(int code, String word, List<String> reasons) {}
}
