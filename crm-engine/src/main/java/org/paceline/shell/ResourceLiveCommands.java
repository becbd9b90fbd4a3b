package org.paceline.shell;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.cib.Cib;
import org.paceline.cib.Configuration;
import org.paceline.cib.Resource;
import org.paceline.unpack.ActiveInstance;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.Unpack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crm resource status|locate|start|stop|restart|manage|unmanage|promote|demote|move|ban|
 * clear}: read the DC's status, or change the configuration as crmsh and crm_resource do (meta
 * attributes, cli-prefer/cli-ban constraints). Changes are committed at once, like crm_resource,
 * after printing the transition they cause; {@code --dry-run} only prints it.
 */
final class ResourceLiveCommands {
  private ResourceLiveCommands() {}

  /** Where each primitive under {@code rsc} is active: "node" or "node Promoted". */
  static List<String> where(Cib cib, String rsc) {
    ClusterStatus st = Unpack.currentStatus(cib, Instant.now().getEpochSecond());
    Resource r = cib.configuration().resource(rsc).orElse(null);
    List<String> prims = new ArrayList<>();
    if (r != null) {
      collect(r, prims);
    }
    List<String> result = new ArrayList<>();
    st.active()
        .forEach(
            (historyId, instances) -> {
              String base = org.paceline.cib.HistoryIds.baseId(historyId);
              if (prims.contains(base)) {
                for (ActiveInstance a : instances) {
                  String s =
                      a.node() + (a.role() == org.paceline.cib.Role.PROMOTED ? " Promoted" : "");
                  if (!result.contains(s)) {
                    result.add(s);
                  }
                }
              }
            });
    result.sort(null);
    return result;
  }

  private static void collect(Resource r, List<String> into) {
    if (r.children().isEmpty()) {
      into.add(r.id());
    }
    for (Resource c : r.children()) {
      collect(c, into);
    }
  }

  /** Shared options and the session of a resource command. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    /** The CIB with the DC's status; null after printing why there is none. */
    Cib statusCib(int[] code) {
      ConfigTarget t = target.target(err());
      if (t == null) {
        code[0] = ExitCodes.INVALID_INPUT;
        return null;
      }
      try {
        List<String> notes = new ArrayList<>();
        Cib cib = t.statusCib(notes);
        if (!notes.isEmpty()) {
          // Without the DC's status every resource would look stopped: say so instead.
          err()
              .println(
                  "error: cannot tell where resources run: "
                      + notes.get(0).replace(ConfigTarget.NO_STATUS_CONSEQUENCE, "")
                      + "; run this on the DC");
          code[0] = ExitCodes.UNAVAILABLE;
          return null;
        }
        return cib;
      } catch (ConfigTarget.TargetException e) {
        err().println("error: " + e.getMessage());
        code[0] = e.exitCode;
        return null;
      }
    }
  }

  /** A change to the configuration: computed from it, validated, shown, committed. */
  abstract static class Change extends Base {
    @Option(names = "--dry-run", description = "Only show the transition; change nothing.")
    boolean dryRun;

    @Option(
        names = {"-y", "--yes"},
        description = "Commit (the default for resource commands; accepted as configure takes it).")
    boolean yes;

    abstract Configuration change(Configuration c, Cib status) throws ResourceEdits.EditException;

    abstract String describe();

    @Override
    public Integer call() {
      int[] code = {ExitCodes.OK};
      ConfigureSession s = ConfigureEditCommands.open(target, err(), code);
      if (s == null) {
        return code[0];
      }
      return apply(s);
    }

    int apply(ConfigureSession s) {
      Cib status = needsStatus() ? statusCib(new int[1]) : null;
      if (!s.apply(
          new ConfigureSession.Edit(
              describe(),
              c -> {
                try {
                  return change(c, status);
                } catch (ResourceEdits.EditException e) {
                  throw new ConfigureSession.EditFailure(describe() + ": " + e.getMessage());
                }
              }),
          err())) {
        return ExitCodes.INVALID_INPUT;
      }
      return ConfigureEditCommands.finish(
          s, !dryRun, "not committed (--dry-run): run it without --dry-run", out(), err());
    }

    boolean needsStatus() {
      return false;
    }
  }

  @Command(
      name = "status",
      description = "Where resources run (all, or RSC), from the DC's status.",
      mixinStandardHelpOptions = true)
  static final class Status extends Base {
    @Parameters(paramLabel = "RSC", arity = "0..1")
    String rsc;

    @Override
    public Integer call() {
      int[] code = {ExitCodes.OK};
      Cib cib = statusCib(code);
      if (cib == null) {
        return code[0];
      }
      List<String> ids = new ArrayList<>();
      if (rsc != null) {
        if (cib.configuration().resource(rsc).isEmpty()) {
          err().println("error: no resource '" + rsc + "' in the configuration");
          return ExitCodes.INVALID_INPUT;
        }
        ids.add(rsc);
      } else {
        cib.configuration().resources().forEach(r -> ids.add(r.id()));
      }
      for (String id : ids) {
        List<String> at = where(cib, id);
        out()
            .println(
                at.isEmpty()
                    ? "resource " + id + " is NOT running"
                    : "resource " + id + " is running on: " + String.join(", ", at));
      }
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "locate",
      description = "Where a resource runs, from the DC's status.",
      mixinStandardHelpOptions = true)
  static final class Locate extends Base {
    @Parameters(paramLabel = "RSC")
    String rsc;

    @Override
    public Integer call() {
      Status s = new Status();
      s.spec = spec;
      s.target = target;
      s.rsc = rsc;
      return s.call();
    }
  }

  /** Sets one meta attribute. */
  abstract static class MetaChange extends Change {
    @Parameters(paramLabel = "RSC")
    String rsc;

    private final String name;
    private final String value;

    MetaChange(String name, String value) {
      this.name = name;
      this.value = value;
    }

    @Override
    Configuration change(Configuration c, Cib status) throws ResourceEdits.EditException {
      return ResourceEdits.setMeta(c, rsc, name, value);
    }

    @Override
    String describe() {
      return spec.name() + " " + rsc + " (" + name + "=" + value + ")";
    }
  }

  @Command(name = "start", description = "target-role=Started.", mixinStandardHelpOptions = true)
  static final class Start extends MetaChange {
    Start() {
      super("target-role", "Started");
    }
  }

  @Command(name = "stop", description = "target-role=Stopped.", mixinStandardHelpOptions = true)
  static final class Stop extends MetaChange {
    Stop() {
      super("target-role", "Stopped");
    }
  }

  @Command(
      name = "promote",
      description = "target-role=Promoted (a promotable clone).",
      mixinStandardHelpOptions = true)
  static final class Promote extends MetaChange {
    Promote() {
      super("target-role", "Promoted");
    }
  }

  @Command(
      name = "demote",
      description = "target-role=Unpromoted (a promotable clone).",
      mixinStandardHelpOptions = true)
  static final class Demote extends MetaChange {
    Demote() {
      super("target-role", "Unpromoted");
    }
  }

  @Command(name = "manage", description = "is-managed=true.", mixinStandardHelpOptions = true)
  static final class Manage extends MetaChange {
    Manage() {
      super("is-managed", "true");
    }
  }

  @Command(
      name = "unmanage",
      description = "is-managed=false: the cluster leaves it alone.",
      mixinStandardHelpOptions = true)
  static final class Unmanage extends MetaChange {
    Unmanage() {
      super("is-managed", "false");
    }
  }

  /** Shared by move and ban: the resource, an optional node and a lifetime. */
  abstract static class Placement extends Change {
    @Parameters(index = "0", paramLabel = "RSC")
    String rsc;

    @Parameters(index = "1", paramLabel = "NODE", arity = "0..1")
    String node;

    @Option(
        names = {"-u", "--lifetime"},
        paramLabel = "DURATION",
        description = "ISO 8601 duration (PT1H, P1D) after which the constraint no longer applies.")
    String lifetime;

    @Option(
        names = {"--promoted", "--master"},
        description =
            "For a promotable clone: move or ban its promoted role (the constraint gets"
                + " role=Promoted), as crm_resource --promoted does.")
    boolean promoted;

    /** The role the constraint names: Promoted with --promoted, else Started. */
    org.paceline.cib.Role role(Configuration c) throws ResourceEdits.EditException {
      boolean promotable = ResourceEdits.isPromotable(c, rsc);
      if (promoted && !promotable) {
        throw new ResourceEdits.EditException(
            "--promoted applies only to a promotable clone; " + rsc + " is not one");
      }
      return promoted ? org.paceline.cib.Role.PROMOTED : org.paceline.cib.Role.STARTED;
    }

    String end() throws ResourceEdits.EditException {
      return lifetime == null ? null : ResourceEdits.lifetimeEnd(lifetime, Instant.now());
    }

    /** The one node RSC runs on now (for move/ban without NODE). */
    String current(Cib status) throws ResourceEdits.EditException {
      if (status == null) {
        throw new ResourceEdits.EditException(
            "no status to find where " + rsc + " runs; name NODE");
      }
      List<String> at = where(status, rsc);
      if (at.size() != 1) {
        throw new ResourceEdits.EditException(
            rsc
                + " runs on "
                + (at.isEmpty() ? "no node" : String.join(", ", at))
                + "; name the NODE");
      }
      return at.get(0).split(" ")[0];
    }

    @Override
    boolean needsStatus() {
      return node == null;
    }
  }

  @Command(
      name = "move",
      aliases = "migrate",
      description =
          "Move RSC to NODE (cli-prefer-RSC, INFINITY); without NODE, away from where it runs"
              + " (cli-ban-RSC-on-NODE).",
      mixinStandardHelpOptions = true)
  static final class Move extends Placement {
    @Override
    Configuration change(Configuration c, Cib status) throws ResourceEdits.EditException {
      org.paceline.cib.Role role = role(c);
      if (!promoted && ResourceEdits.isPromotable(c, rsc)) {
        // crm_resource refuses this too: a preference for where the clone runs moves nothing
        // while it runs on every node, and the promoted role stays where it is.
        throw new ResourceEdits.EditException(
            rsc
                + " is a promotable clone: moving it changes nothing while it runs everywhere;"
                + " to move its promoted role, add --promoted (crm resource move --promoted "
                + rsc
                + " NODE); to keep it off a node, use ban");
      }
      if (node == null) {
        return ResourceEdits.ban(c, rsc, current(status), end(), role);
      }
      return ResourceEdits.move(c, rsc, node, end(), role);
    }

    @Override
    String describe() {
      return "move " + rsc + (node == null ? "" : " " + node);
    }
  }

  @Command(
      name = "ban",
      description = "Keep RSC off NODE (cli-ban-RSC-on-NODE, -INFINITY); default: where it runs.",
      mixinStandardHelpOptions = true)
  static final class Ban extends Placement {
    @Override
    Configuration change(Configuration c, Cib status) throws ResourceEdits.EditException {
      return ResourceEdits.ban(c, rsc, node == null ? current(status) : node, end(), role(c));
    }

    @Override
    String describe() {
      return "ban " + rsc + (node == null ? "" : " " + node);
    }
  }

  @Command(
      name = "clear",
      aliases = "unmigrate",
      description = "Remove the constraints move and ban made for RSC.",
      mixinStandardHelpOptions = true)
  static final class Clear extends Change {
    @Parameters(paramLabel = "RSC")
    String rsc;

    @Override
    Configuration change(Configuration c, Cib status) throws ResourceEdits.EditException {
      return ResourceEdits.clear(c, rsc);
    }

    @Override
    String describe() {
      return "clear " + rsc;
    }
  }

  @Command(
      name = "restart",
      description = "Stop RSC, wait until it runs nowhere (up to --wait-ms), start it again.",
      mixinStandardHelpOptions = true)
  static final class Restart extends Base {
    @Parameters(paramLabel = "RSC")
    String rsc;

    @Option(names = "--wait-ms", defaultValue = "60000", description = "Limit for the stop.")
    long waitMs;

    /** The DC's status, or null after saying why there is none (the wait needs the real one). */
    Cib strictStatus() {
      ConfigTarget t = target.target(err());
      if (t == null) {
        return null;
      }
      List<String> notes = new ArrayList<>();
      try {
        Cib cib = t.statusCib(notes);
        if (notes.isEmpty()) {
          return cib;
        }
        err()
            .println(
                "error: restart needs the DC's status to wait for the stop: "
                    + notes.get(0)
                    + "; "
                    + rsc
                    + " is left stopped (target-role=Stopped)");
      } catch (ConfigTarget.TargetException e) {
        err().println("error: " + e.getMessage());
      }
      return null;
    }

    static ConfigureSession.Edit role(String rsc, String value) {
      return new ConfigureSession.Edit(
          "target-role=" + value + " on " + rsc,
          c -> {
            try {
              return ResourceEdits.setMeta(c, rsc, "target-role", value);
            } catch (ResourceEdits.EditException e) {
              throw new ConfigureSession.EditFailure("restart: " + e.getMessage());
            }
          });
    }

    /** How often the DC's status is read while waiting for the stop. */
    static final long POLL_MS = 200;

    @Override
    public Integer call() {
      int[] code = {ExitCodes.OK};
      ConfigureSession s = ConfigureEditCommands.open(target, err(), code);
      if (s == null) {
        return code[0];
      }
      if (!s.apply(role(rsc, "Stopped"), err())) {
        return ExitCodes.INVALID_INPUT;
      }
      int rc = ConfigureEditCommands.finish(s, true, out(), err());
      if (rc != ExitCodes.OK) {
        return rc;
      }
      long deadline = System.nanoTime() + waitMs * 1_000_000;
      while (true) {
        Cib st = strictStatus();
        if (st == null) {
          return ExitCodes.UNAVAILABLE;
        }
        if (where(st, rsc).isEmpty()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          err()
              .println(
                  "error: "
                      + rsc
                      + " still runs after "
                      + waitMs
                      + " ms; left stopped (target-role=Stopped)");
          return ExitCodes.UNAVAILABLE;
        }
        try {
          Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ExitCodes.SOFTWARE;
        }
      }
      if (!s.apply(role(rsc, "Started"), err())) {
        return ExitCodes.INVALID_INPUT;
      }
      return ConfigureEditCommands.finish(s, true, out(), err());
    }
  }
}
