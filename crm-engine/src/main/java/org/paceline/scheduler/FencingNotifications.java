package org.paceline.scheduler;

import java.util.List;
import org.paceline.cib.CibBooleans;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;

/**
 * The secondary notification Pacemaker 2.1.5 sends when a fencing implies the stop of a clone
 * instance whose primitive asks for notifications (pcmk__order_notifs_after_fencing, called from
 * order_stop_vs_fencing): a post-stop notification, after the fencing, to every instance on the
 * node it will run on. Only for clones whose own notifications do not already announce that stop
 * (the primitive sets {@code notify}, its clone does not): those send the same operations.
 */
final class FencingNotifications {
  private FencingNotifications() {}

  static void plan(
      ResourceExpander ex, ClusterStatus status, List<Action> actions, List<OrderEdge> edges) {
    java.util.Set<String> planned = new java.util.HashSet<>();
    for (TopLevelResource t : ex.tops) {
      if (!t.clone || t.notify || !t.managed) {
        continue;
      }
      List<PrimitiveInstance> primitives = t.primitives();
      for (PrimitiveInstance stopped : primitives) {
        String node = stopped.currentNode();
        NodeStatus n = status.node(node);
        if (n == null
            || !n.unclean()
            || !ex.inheritedMeta(stopped.primitive, "notify").map(CibBooleans::isTrue).orElse(false)
            || !stopsOn(actions, stopped, node)) {
          continue;
        }
        String fence = "stonith-" + node + "-reboot";
        String post = stopped.name + "_post_notify_stonith_0";
        String done = stopped.name + "_confirmed-post_notify_stonith_0";
        actions.add(new Action(post, stopped.name, ActionTask.NOTIFY, 0, null, true));
        actions.add(new Action(done, stopped.name, ActionTask.NOTIFIED, 0, null, true));
        edges.add(new OrderEdge(fence, post, false, "notifications after fencing"));
        edges.add(new OrderEdge(post, done, true, "notifications after fencing"));
        for (PrimitiveInstance l : primitives) {
          String next = l.blocked ? null : l.instance.assigned;
          NodeStatus to = status.node(next);
          if (to == null || !to.online() || to.unclean() || !planned.add(l.name + "@" + next)) {
            continue; // no notification for an offline or lost node, nor a second one
          }
          String key = l.name + "_post_notify_stop_0";
          actions.add(new Action(key, l.name, ActionTask.NOTIFY, 0, next, true));
          edges.add(new OrderEdge(post, key, false, "post-stop notification after fencing"));
          edges.add(new OrderEdge(key, done, false, "post-stop notification after fencing"));
        }
      }
    }
  }

  private static boolean stopsOn(List<Action> actions, PrimitiveInstance l, String node) {
    return actions.stream()
        .anyMatch(
            a ->
                l.name.equals(a.resource())
                    && a.task() == ActionTask.STOP
                    && node.equals(a.node()));
  }
}
