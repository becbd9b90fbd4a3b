package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.agents.NotifyEnvironment;
import org.paceline.cib.Role;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.NodeStatus;

/**
 * Clone notifications, as Pacemaker's scheduler plans them ({@code pcmk_sched_notif.c}): for each
 * clone with {@code notify=true} and each of stop, start, demote and promote that some instance
 * does, a pre and a post notification around it.
 *
 * <ul>
 *   <li>Pseudo actions {@code CLONE_pre_notify_OP_0} and {@code CLONE_confirmed-pre_notify_OP_0}
 *       come before every instance's OP; {@code CLONE_post_notify_OPPED_0} and {@code
 *       CLONE_confirmed-post_notify_OPPED_0} after (OPPED: stopped, running, demoted, promoted).
 *   <li>A stop or demote is announced to every active instance where it runs (not on a node whose
 *       fencing stands in for the stop); after it, to those that stay active, or to all for a
 *       demote.
 *   <li>A start or promote is announced to every instance that will be active, before it to those
 *       not starting now; after it, to all of them.
 *   <li>Each notification carries the same lists ({@link NotifyEnvironment}): the instances active,
 *       inactive, promoted and unpromoted now, and those that start, stop, promote and demote, with
 *       their nodes, sorted by instance.
 *   <li>The operations follow each other: stop's notifications end before start's begin, demote's
 *       before all others, start's and stop's before promote's.
 * </ul>
 */
final class Notifications {
  private static final String[] OPS = {"stop", "start", "demote", "promote"};

  private Notifications() {}

  /**
   * @param symmetric whether resources may run anywhere unless banned (symmetric-cluster): then
   *     every node is available to a clone, else only those a location constraint allows
   */
  static void plan(
      List<TopLevelResource> tops,
      List<NodeStatus> nodes,
      boolean symmetric,
      List<Action> actions,
      Map<String, String> unrunnableStops,
      List<OrderEdge> edges) {
    List<TopLevelResource> notifying = tops.stream().filter(t -> t.clone && t.notify).toList();
    if (notifying.isEmpty()) {
      return;
    }
    Map<String, NodeStatus> byName = new HashMap<>();
    List<String> all = new ArrayList<>();
    for (NodeStatus n : nodes) {
      byName.put(n.name(), n);
      all.add(n.name());
    }
    all.sort(null);
    // Each instance's planned start, stop, promote and demote, and its recurring monitors.
    Map<String, Map<String, List<Action>>> byLeaf = new HashMap<>();
    for (Action a : actions) {
      if (a.resource() != null && a.node() != null && a.runnable()) {
        byLeaf
            .computeIfAbsent(a.resource(), k -> new HashMap<>())
            // Recurring monitors apart (a cancel has an interval too, and is not one).
            .computeIfAbsent(a.task().pacemakerName(), k -> new ArrayList<>())
            .add(a);
      }
    }
    // A remote or guest node whose connection starts in this transition is up when the
    // notifications after the starts are sent (an instance starting there is told of them).
    java.util.Set<String> comingUp = new java.util.HashSet<>();
    for (TopLevelResource t : tops) {
      if (t.resource instanceof org.paceline.cib.Primitive p
          && org.paceline.unpack.StatusUnpacker.isRemoteConnection(p)
          && byLeaf.getOrDefault(p.id(), Map.of()).containsKey("start")) {
        comingUp.add(p.id());
      }
    }
    for (TopLevelResource t : notifying) {
      List<String> available = all;
      int[] scores = t.preColocationScores != null ? t.preColocationScores : t.scores;
      if (!symmetric && scores != null) {
        available = new ArrayList<>();
        for (int i = 0; i < nodes.size() && i < scores.length; i++) {
          if (scores[i] > -Placement.INF) {
            available.add(nodes.get(i).name());
          }
        }
        available.sort(null);
      }
      new ForClone(t, byName, all, available, byLeaf, actions, edges, comingUp)
          .plan(unrunnableStops);
    }
  }

  private static final class ForClone {
    final TopLevelResource t;
    final Map<String, NodeStatus> nodes;
    final List<String> all;
    final List<String> available;
    final Map<String, Map<String, List<Action>>> byLeaf;
    final List<Action> actions;
    final List<OrderEdge> edges;
    final List<PrimitiveInstance> primitives;
    final java.util.Set<String> planned = new java.util.HashSet<>();
    final java.util.Set<String> comingUp;

    ForClone(
        TopLevelResource t,
        Map<String, NodeStatus> nodes,
        List<String> all,
        List<String> available,
        Map<String, Map<String, List<Action>>> byLeaf,
        List<Action> actions,
        List<OrderEdge> edges,
        java.util.Set<String> comingUp) {
      this.t = t;
      this.comingUp = comingUp;
      this.available = available;
      this.nodes = nodes;
      this.all = all;
      this.byLeaf = byLeaf;
      this.actions = actions;
      this.edges = edges;
      this.primitives = t.primitives();
    }

    List<Action> of(PrimitiveInstance l, String task) {
      return byLeaf.getOrDefault(l.name, Map.of()).getOrDefault(task, List.of());
    }

    /**
     * @param unrunnableStops stops that must happen but cannot run (on a lost node no fencing can
     *     clear): Pacemaker still announces them, since the clone's stop is required, though no
     *     instance action exists to order the notifications around
     */
    void plan(Map<String, String> unrunnableStops) {
      Map<String, List<String[]>> lists = lists();
      for (PrimitiveInstance l : primitives) {
        String node = unrunnableStops.get(l.name);
        if (node != null && of(l, "stop").isEmpty()) {
          lists.get("stop").add(new String[] {l.name, node});
        }
      }
      Map<String, String> done = new LinkedHashMap<>();
      for (String op : OPS) {
        if (!lists.get(op).isEmpty()) {
          done.put(op, planOp(op, lists));
        }
      }
      // Pacemaker's orders between the operations' notifications (clone and promotable).
      String[][] between = {
        {"stop", "start"}, {"stop", "promote"}, {"start", "promote"},
        {"demote", "promote"}, {"demote", "start"}, {"demote", "stop"}
      };
      for (String[] b : between) {
        if (done.containsKey(b[0]) && done.containsKey(b[1])) {
          edges.add(
              new OrderEdge(
                  done.get(b[0]), key("pre", b[1]), false, "notifications of " + b[0] + " first"));
        }
      }
    }

    /** The categories' entries {instance, node}: current state, and the planned actions. */
    Map<String, List<String[]>> lists() {
      Map<String, List<String[]>> lists = new TreeMap<>();
      for (String c :
          List.of(
              "active",
              "inactive",
              "promoted",
              "unpromoted",
              "start",
              "stop",
              "promote",
              "demote")) {
        lists.put(c, new ArrayList<>());
      }
      for (PrimitiveInstance l : primitives) {
        Role role = l.currentRole();
        String at = l.currentNode();
        if (role == Role.STOPPED || at == null) {
          lists.get("inactive").add(new String[] {l.name, null});
        } else {
          lists.get("active").add(new String[] {l.name, at});
          if (role == Role.PROMOTED) {
            lists.get("promoted").add(new String[] {l.name, at});
          } else if (role == Role.UNPROMOTED || t.promotable) {
            // A promotable instance that runs unpromoted is in the Unpromoted role.
            lists.get("unpromoted").add(new String[] {l.name, at});
          }
        }
        for (String op : OPS) {
          for (Action a : of(l, op)) {
            lists.get(op).add(new String[] {l.name, a.node()});
          }
        }
      }
      return lists;
    }

    NotifyEnvironment environment(String type, String op, Map<String, List<String[]>> lists) {
      Map<String, List<String>> resources = new HashMap<>();
      Map<String, List<String>> unames = new HashMap<>();
      for (Map.Entry<String, List<String[]>> e : lists.entrySet()) {
        List<String[]> entries = new ArrayList<>(e.getValue());
        entries.sort(
            (a, b) -> {
              int c = a[0].compareTo(b[0]);
              return c != 0 ? c : String.valueOf(a[1]).compareTo(String.valueOf(b[1]));
            });
        List<String> rs = new ArrayList<>();
        List<String> ns = new ArrayList<>();
        String last = null;
        for (String[] x : entries) {
          if (x[0].equals(last)) {
            continue; // one entry per instance
          }
          last = x[0];
          rs.add(x[0]);
          if (x[1] != null) {
            ns.add(x[1]);
          }
        }
        resources.put(e.getKey(), rs);
        unames.put(e.getKey(), ns);
      }
      unames.put("available", available);
      unames.put("all", all);
      return new NotifyEnvironment(type, op, resources, unames);
    }

    String key(String type, String op) {
      return t.id() + "_" + type + "_notify_" + op + "_0";
    }

    /** Plans one operation's notifications; returns the key of its last pseudo action. */
    String planOp(String op, Map<String, List<String[]>> lists) {
      String opped =
          switch (op) {
            case "start" -> "running";
            case "stop" -> "stopped";
            default -> op + "d";
          };
      String pre = key("pre", op);
      String preDone = key("confirmed-pre", op);
      String post = key("post", opped);
      String postDone = key("confirmed-post", opped);
      for (String k : new String[] {pre, preDone, post, postDone}) {
        actions.add(
            new Action(
                k,
                t.id(),
                k.contains("confirmed") ? ActionTask.NOTIFIED : ActionTask.NOTIFY,
                0,
                null,
                true));
      }
      edges.add(new OrderEdge(pre, preDone, false, "notifications"));
      edges.add(new OrderEdge(preDone, post, false, "notifications"));
      edges.add(new OrderEdge(post, postDone, true, "notifications"));
      for (PrimitiveInstance l : primitives) {
        for (Action a : of(l, op)) {
          edges.add(new OrderEdge(preDone, a.key(), false, "pre-" + op + " notifications"));
          edges.add(new OrderEdge(a.key(), post, true, "post-" + op + " notifications"));
        }
      }
      Map<String, String> preMeta = environment("pre", op, lists).toMeta();
      Map<String, String> postMeta = environment("post", op, lists).toMeta();
      boolean down = op.equals("stop") || op.equals("demote");
      for (PrimitiveInstance l : primitives) {
        List<Action> stops = of(l, "stop");
        if (down && l.currentRole() != Role.STOPPED) {
          for (ActiveInstance a : l.active) {
            NodeStatus n = nodes.get(a.node());
            if (n != null
                && n.unclean()
                && stops.stream().anyMatch(s -> s.node().equals(a.node()))) {
              continue; // the fencing stands in for the stop: nothing to tell that node
            }
            notify(l, a.node(), "pre", op, pre, preDone, preMeta);
            if (op.equals("demote") || stops.isEmpty()) {
              notify(l, a.node(), "post", op, post, postDone, postMeta);
              monitorsAfter(l, postDone);
            }
          }
        }
        String next = l.blocked ? null : l.instance.assigned;
        if (!down && next != null) {
          if (op.equals("promote") || of(l, "start").isEmpty()) {
            notify(l, next, "pre", op, pre, preDone, preMeta);
          }
          notify(l, next, "post", op, post, postDone, postMeta);
          monitorsAfter(l, postDone);
        }
      }
      return postDone;
    }

    void notify(
        PrimitiveInstance l,
        String node,
        String type,
        String op,
        String first,
        String then,
        Map<String, String> meta) {
      NodeStatus n = nodes.get(node);
      if (n == null || !n.online() && !comingUp.contains(node)) {
        return; // no notification for an offline node
      }
      String key = l.name + "_" + type + "_notify_" + op + "_0";
      if (!planned.add(key + "@" + node)) {
        return;
      }
      actions.add(new Action(key, l.name, ActionTask.NOTIFY, 0, node, true, meta));
      edges.add(new OrderEdge(first, key, false, type + "-" + op + " notification"));
      edges.add(new OrderEdge(key, then, false, type + "-" + op + " notification"));
    }

    void monitorsAfter(PrimitiveInstance l, String postDone) {
      for (Action m : of(l, "monitor")) {
        edges.add(new OrderEdge(postDone, m.key(), false, "monitor after notifications"));
      }
    }
  }
}
