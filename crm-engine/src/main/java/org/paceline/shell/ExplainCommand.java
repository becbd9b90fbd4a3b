package org.paceline.shell;

import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.cib.Cib;
import org.paceline.cib.Resource;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.ScoreContribution;
import org.paceline.scheduler.ScoreLine;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;
import org.paceline.unpack.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code crm resource explain RSC [-x FILE]} (the live cluster's status without -x): why the
 * scheduler puts a resource where it does, as every score contribution with its reason, the nodes
 * that cannot run it, and the resulting actions.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Explain where a resource goes and why.")
public final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "the resource id")
  String rsc;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin TargetOptions target;

  @Override
  public Integer call() {
    java.io.PrintWriter out = spec.commandLine().getOut();
    java.io.PrintWriter err = spec.commandLine().getErr();
    ConfigTarget where = target.target(err);
    if (where == null) {
      return ExitCodes.INVALID_INPUT;
    }
    Cib cib;
    try {
      List<String> notes = new java.util.ArrayList<>();
      cib = where.statusCib(notes);
      if (!notes.isEmpty()) {
        err.println(
            "crm resource explain: "
                + notes.get(0).replace(ConfigTarget.NO_STATUS_CONSEQUENCE, "")
                + "; nothing to explain without the cluster's status");
        return ExitCodes.UNAVAILABLE;
      }
    } catch (ConfigTarget.TargetException e) {
      err.println("crm resource explain: " + where.name() + ": " + e.getMessage());
      return e.exitCode;
    }
    if (cib.configuration().resource(rsc).isEmpty()) {
      err.println("crm resource explain: no resource '" + rsc + "' in " + where.name());
      return ExitCodes.INVALID_INPUT;
    }
    String top = topLevel(cib, rsc);
    Transition t = Scheduler.schedule(cib);
    out.println("Resource " + rsc + (top.equals(rsc) ? "" : " (placed with " + top + ")"));
    out.println();
    out.println("Nodes:");
    for (NodeStatus n : t.nodes()) {
      String why;
      if (n.unclean()) {
        why = "cannot run resources: unclean (" + n.fenceReason() + "), will be fenced";
      } else if (!n.online()) {
        why = "cannot run resources: offline";
      } else if (n.standby()) {
        why = "cannot run resources: standby";
      } else if (n.shutdown()) {
        why = "cannot run resources: shutting down";
      } else {
        why = "can run resources";
      }
      out.println("  " + n.name() + ": " + why);
    }
    out.println();
    out.println("Score contributions (in the order applied):");
    List<ScoreContribution> cs = t.contributions().getOrDefault(top, List.of());
    if (cs.isEmpty()) {
      out.println("  none: every allowed node scores 0");
    }
    for (ScoreContribution c : cs) {
      out.printf("  %-10s %9s  %s%n", c.node(), signed(c.delta().toString()), c.reason());
    }
    out.println();
    out.println("Final scores:");
    if (t.finalScores().containsKey(top)) {
      for (var e : t.finalScores().get(top).entrySet()) {
        out.printf("  %-10s %9s%n", e.getKey(), e.getValue());
      }
    } else {
      for (ScoreLine l : t.scores()) {
        if (l.resource().equals(top) && !ScoreLine.PROMOTION.equals(l.stage())) {
          out.printf("  %-10s %9s%n", l.node(), l.score());
        }
      }
    }
    out.println();
    out.println("Actions:");
    boolean any = false;
    for (SummaryItem i : t.summary()) {
      String base =
          i.subject().contains(":")
              ? i.subject().substring(0, i.subject().lastIndexOf(':'))
              : i.subject();
      if (i.detail() != null && (inside(cib, top, base))) {
        out.println(i.format());
        any = true;
      }
    }
    if (!any) {
      out.println("  none: it stays as it is");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static String signed(String s) {
    return s.startsWith("-") ? s : "+" + s;
  }

  private static boolean inside(Cib cib, String top, String id) {
    return cib.configuration().resource(top).map(r -> contains(r, id)).orElse(false);
  }

  private static boolean contains(Resource r, String id) {
    if (r.id().equals(id)) {
      return true;
    }
    for (Resource c : r.children()) {
      if (contains(c, id)) {
        return true;
      }
    }
    return false;
  }

  private static String topLevel(Cib cib, String id) {
    for (Resource r : cib.configuration().resources()) {
      if (contains(r, id)) {
        return r.id();
      }
    }
    return id;
  }
}
