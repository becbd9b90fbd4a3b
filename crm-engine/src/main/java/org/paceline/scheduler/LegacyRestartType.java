package org.paceline.scheduler;

import java.util.List;
import java.util.function.Predicate;

/**
 * The deprecated {@code restart-type=restart} meta attribute of an order's then resource: Pacemaker
 * 2.1.5 (handle_restart_type in pcmk_sched_ordering.c) gives an optional order naming it
 * implies_then, and the order's inverse implies_first, so whenever first's action is required,
 * then's is too; a then that stays where it runs restarts for it.
 */
final class LegacyRestartType {
  private LegacyRestartType() {}

  /**
   * Marks for restart the primitive instances of each restart-type=restart then whose ordered
   * action (or whose inverse action, for a symmetrical order) an action of first requires; whether
   * any changed.
   *
   * @param next where a primitive instance runs after the transition (null: nowhere)
   * @param starts whether a primitive instance starts (anew, elsewhere or again)
   * @param staysActive whether a primitive instance keeps running where it is, untouched so far
   */
  static boolean mark(
      List<Ordering> orderings,
      ResourceExpander ex,
      java.util.function.Function<PrimitiveInstance, String> next,
      Predicate<PrimitiveInstance> starts,
      Predicate<PrimitiveInstance> staysActive) {
    Predicate<PrimitiveInstance> stops =
        l ->
            l.currentNode() != null
                && (!l.currentNode().equals(next.apply(l)) || l.failed() || l.restart);
    boolean changed = false;
    for (Ordering o : orderings) {
      if (o.mandatory() || !o.then().managed || !restartType(ex, o.then())) {
        continue;
      }
      Predicate<PrimitiveInstance> firstActs = acting(o.firstAction(), stops, starts);
      Predicate<PrimitiveInstance> firstInverseActs =
          acting(inverse(o.firstAction()), stops, starts);
      PrimitiveInstance acts =
          firstActs == null
              ? null
              : o.firstLeaves().stream().filter(firstActs).findFirst().orElse(null);
      boolean forward = acts != null;
      // The inverse order (then's inverse action before first's) implies its first: then's.
      boolean backward =
          o.symmetrical()
              && firstInverseActs != null
              && o.firstLeaves().stream().anyMatch(firstInverseActs);
      if (!forward && !backward) {
        continue;
      }
      for (PrimitiveInstance n : o.thenLeaves()) {
        if (staysActive.test(n)) {
          n.restart = true;
          if (forward && o.firstAction().equals("start")) {
            // The required start of first makes then's start required: that is the reason
            // shown (a required stop, or the inverse order, leaves the start without one).
            n.restartReason =
                "due to required "
                    + (Runnability.collective(o)
                        ? o.first().id() + " running"
                        : acts.name + " start");
          }
          changed = true;
        }
      }
    }
    return changed;
  }

  private static boolean restartType(ResourceExpander ex, TopLevelResource t) {
    return ex.inheritedMeta(t.resource, "restart-type").map("restart"::equals).orElse(false);
  }

  private static Predicate<PrimitiveInstance> acting(
      String action, Predicate<PrimitiveInstance> stops, Predicate<PrimitiveInstance> starts) {
    return switch (action == null ? "" : action) {
      case "stop" -> stops;
      case "start" -> starts;
      default -> null; // promote/demote: restart-type concerns starts and stops
    };
  }

  private static String inverse(String action) {
    return switch (action) {
      case "start" -> "stop";
      case "stop" -> "start";
      case "promote" -> "demote";
      case "demote" -> "promote";
      default -> null;
    };
  }
}
