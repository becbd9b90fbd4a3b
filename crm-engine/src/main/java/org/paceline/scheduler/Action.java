package org.paceline.scheduler;

/**
 * One action of a transition: an agent action on a node, a fencing, or a pseudo action.
 *
 * @param key Pacemaker-style key, e.g. {@code rsc_start_0} or {@code stonith-node1-reboot}
 * @param resource the resource id (null for fencing)
 * @param task start, stop, promote, demote, monitor, stonith, ...
 * @param intervalMs the interval of a recurring monitor, else 0
 * @param node the node it runs on (null for pseudo actions)
 * @param runnable whether it can run now (false: blocked, e.g. by quorum or an unrunnable order)
 */
public record Action(
    String key, String resource, String task, long intervalMs, String node, boolean runnable) {}
