package org.paceline.scheduler;

import java.util.Map;

/**
 * One action of a transition: an agent action on a node, a fencing, or a pseudo action.
 *
 * @param key Pacemaker-style key, e.g. {@code rsc_start_0} or {@code stonith-node1-reboot}
 * @param resource the resource id (null for fencing)
 * @param task start, stop, promote, demote, monitor, notify, stonith, ...
 * @param intervalMs the interval of a recurring monitor, else 0
 * @param node the node it runs on (null for pseudo actions)
 * @param runnable whether it can run now (false: blocked, e.g. by quorum or an unrunnable order)
 * @param meta the action's own meta attributes, which reach the agent as {@code
 *     OCF_RESKEY_CRM_meta_*}: a notification's {@code notify_*} keys; empty for most actions
 */
public record Action(
    String key,
    String resource,
    ActionTask task,
    long intervalMs,
    String node,
    boolean runnable,
    Map<String, String> meta) {
  public Action {
    meta = meta == null || meta.isEmpty() ? Map.of() : Map.copyOf(meta);
  }

  /** An action without meta attributes of its own. */
  public Action(
      String key,
      String resource,
      ActionTask task,
      long intervalMs,
      String node,
      boolean runnable) {
    this(key, resource, task, intervalMs, node, runnable, Map.of());
  }
}
