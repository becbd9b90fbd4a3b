package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.Cib;
import org.paceline.cib.ClusterOption;
import org.paceline.cib.LocationConstraint;
import org.paceline.cib.LrmResource;
import org.paceline.cib.NodeState;
import org.paceline.cib.Primitive;
import org.paceline.cib.Score;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.StatusUnpacker;

/**
 * Shutdown locks (cluster option shutdown-lock): a primitive active on exactly one node that shuts
 * down cleanly is locked to that node, and stays locked while its history there records the lock
 * ({@code shutdown-lock} on the lrm_resource) until shutdown-lock-limit passes. A locked resource
 * may run on its lock node only: -INFINITY everywhere else (Pacemaker 2.1.5's apply_shutdown_lock;
 * the expiry is unpack_lrm_resource's). Fencing devices and remote connections are never locked.
 */
final class ShutdownLocks {
  private ShutdownLocks() {}

  /** The bans the locks put on every node but the lock node. */
  static List<LocationConstraint> locations(
      Cib cib,
      List<NodeStatus> nodes,
      List<TopLevelResource> tops,
      ClusterStatus status,
      long now) {
    List<LocationConstraint> out = new ArrayList<>();
    if (!ClusterOption.SHUTDOWN_LOCK.enabled(cib.configuration())) {
      return out;
    }
    long limitSeconds = ClusterOption.SHUTDOWN_LOCK_LIMIT.durationMs(cib.configuration()) / 1000;
    for (TopLevelResource t : tops) {
      if (t.clone || !(t.resource instanceof Primitive p) || t.instances.isEmpty()) {
        continue; // only primitives and groups are locked; groups are left to a later change
      }
      if ("stonith".equals(p.resourceClass()) || StatusUnpacker.isRemoteConnection(p)) {
        continue;
      }
      PrimitiveInstance l = t.instances.get(0).primitives.get(0);
      String lockNode = null;
      if (l.active.isEmpty()) {
        lockNode = lockFromHistory(cib, p.id(), limitSeconds, now);
      } else if (l.active.size() == 1) {
        NodeStatus n = status.node(l.active.get(0).node());
        if (n != null && n.shutdown() && !n.unclean()) {
          lockNode = n.name();
        }
      }
      if (lockNode == null) {
        continue;
      }
      for (NodeStatus n : nodes) {
        if (!n.name().equals(lockNode)) {
          out.add(LocationConstraint.of("shutdown-lock", t.id(), n.name(), Score.MINUS_INFINITY));
        }
      }
    }
    return out;
  }

  /** The node whose history of {@code rsc} holds an unexpired shutdown lock, or null. */
  private static String lockFromHistory(Cib cib, String rsc, long limitSeconds, long now) {
    for (NodeState s : cib.status()) {
      for (LrmResource lr : s.lrmResources()) {
        String v = lr.otherAttributes().get("shutdown-lock");
        if (!rsc.equals(lr.id()) || v == null) {
          continue;
        }
        long lockTime;
        try {
          lockTime = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
          continue; // an unreadable lock locks nothing (crm_element_value_epoch fails)
        }
        if (lockTime == 0 || (limitSeconds > 0 && now > lockTime + limitSeconds)) {
          continue; // expired: Pacemaker clears that history
        }
        return s.uname();
      }
    }
    return null;
  }
}
