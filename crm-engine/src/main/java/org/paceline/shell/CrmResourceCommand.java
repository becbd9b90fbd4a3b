package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.Cib;
import org.paceline.cib.Clone;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.HistoryIds;
import org.paceline.cib.NvSet;
import org.paceline.cib.Primitive;
import org.paceline.cib.Resource;
import org.paceline.cib.Role;
import org.paceline.daemon.VersionProvider;
import org.paceline.unpack.MetaLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pacemaker's {@code crm_resource} as agents and scripts call it, for Paceline: {@code -r RSC
 * [--meta] -g NAME} (a parameter, or with {@code --meta} a meta attribute inherited from the clone
 * or group it is in: PAF checks {@code notify} so), {@code -W}/{@code --locate} (with {@code -Q}
 * the node names alone), {@code -B}/{@code --ban} and {@code -U}/{@code --clear} (the {@code
 * cli-ban-RSC-on-NODE} constraints), and {@code -C}/{@code --cleanup}. It works on the live cluster
 * through the local daemon's admin socket (as {@link CrmAttributeCommand} finds it) or, with {@code
 * CIB_file} set, on that file. Output and exit codes are Pacemaker 2.1.5's, measured on its
 * crm_resource (CrmResourceCommandTest compares them).
 */
@Command(
    name = "crm_resource",
    versionProvider = VersionProvider.class,
    description = "A resource's parameters and location; ban, clear, clean up (Paceline).")
public final class CrmResourceCommand extends PcmkTool {
  @Option(
      names = {"-r", "--resource"},
      paramLabel = "RSC",
      description = "The resource (a clone instance's :N suffix is accepted).")
  String rsc;

  @Option(
      names = {"-g", "--get-parameter"},
      paramLabel = "NAME",
      description = "Print the value of a parameter (with --meta: a meta attribute).")
  String getParameter;

  @Option(names = "--meta", description = "-g reads meta attributes.")
  boolean meta;

  @Option(
      names = {"-W", "--locate"},
      description = "Print where the resource runs.")
  boolean locate;

  @Option(
      names = {"-Q", "--quiet"},
      description = "Print only the essential (node names, values).")
  boolean quiet;

  @Option(
      names = {"-B", "--ban"},
      description = "Keep the resource off the node (-N, default: where it runs).")
  boolean ban;

  @Option(
      names = {"-U", "--clear"},
      description = "Remove the resource's ban and move constraints.")
  boolean clear;

  @Option(
      names = {"-C", "--cleanup"},
      description = "Forget the resource's failures (on -N, default: everywhere) and probe it.")
  boolean cleanup;

  @Option(
      names = {"-N", "--node"},
      paramLabel = "NODE",
      description = "The node for -B, -U and -C.")
  String node;

  @Option(
      names = {"--promoted", "--master"},
      description = "With -B: ban only the promoted role.")
  boolean promoted;

  @Option(
      names = {"-u", "--lifetime"},
      paramLabel = "DURATION",
      description = "With -B: an ISO 8601 duration after which the ban no longer applies.")
  String lifetime;

  CrmResourceCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    super(env, out, err);
  }

  public static void main(String[] args) {
    PcmkTool.main(CrmResourceCommand::new, args);
  }

  /** Runs one invocation (tests call this directly). */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return PcmkTool.run(CrmResourceCommand::new, args, env, out, err);
  }

  @Override
  public Integer call() {
    int ops =
        (getParameter != null ? 1 : 0)
            + (locate ? 1 : 0)
            + (ban ? 1 : 0)
            + (clear ? 1 : 0)
            + (cleanup ? 1 : 0);
    if (ops != 1) {
      err.println("crm_resource: give exactly one of -g, -W, -B, -U, -C (Paceline provides these)");
      return CrmAttributeCommand.EX_USAGE;
    }
    if (rsc == null || rsc.isEmpty()) {
      err.println("crm_resource: Must supply a resource id with -r");
      return CrmAttributeCommand.EX_USAGE;
    }
    ConfigTarget target = target();
    if (target == null) {
      err.println(
          "crm_resource: Could not connect to the cluster: no admin socket"
              + " (PACELINE_ADMIN_SOCKET unset and no readable node configuration)");
      return CrmAttributeCommand.EX_DISCONNECT;
    }
    try {
      if (cleanup) {
        return cleanup(target);
      }
      Cib cib = locate ? statusCib(target) : target.read();
      String id = HistoryIds.baseId(rsc);
      // Templates expanded, as Pacemaker reads a primitive made from one.
      Configuration expanded = org.paceline.cib.TemplateExpansion.expand(cib).configuration();
      Optional<Resource> r = expanded.resource(id);
      if (locate && r.isPresent() && id.equals(rsc) && inUniqueClone(expanded, r.get())) {
        // A globally unique clone's instances run as RSC:N; the bare id locates none (crm_resource
        // still reads its parameters by it).
        r = Optional.empty();
      }
      if (r.isEmpty()) {
        err.println("crm_resource: Resource '" + rsc + "' not found");
        err.println("Error performing operation: No such object");
        return CrmAttributeCommand.EX_NOSUCH;
      }
      if (getParameter != null) {
        return get(expanded, r.get());
      }
      if (locate) {
        return locate(cib);
      }
      return change(target, cib, id);
    } catch (ConfigTarget.TargetException e) {
      boolean unreachable = e.getMessage().startsWith("cannot reach");
      err.println(
          "crm_resource: "
              + (unreachable ? "Could not connect to the cluster: " : "")
              + e.getMessage());
      return unreachable ? CrmAttributeCommand.EX_DISCONNECT : CrmAttributeCommand.EX_ERROR;
    }
  }

  private ConfigTarget target() {
    String file = env.get("CIB_file");
    if (file != null && !file.isEmpty()) {
      return new ConfigTarget.FileTarget(Path.of(file));
    }
    Path socket = CrmAttributeCommand.socket(env);
    return socket == null ? null : new ConfigTarget.Live(socket);
  }

  private static Cib statusCib(ConfigTarget target) throws ConfigTarget.TargetException {
    return target.statusCib(new ArrayList<>());
  }

  /**
   * A parameter of the resource, or a meta attribute of it or of the clone or group it is in (its
   * own first), as crm_resource reads them; a missing one is said on standard error, exit 0.
   */
  private int get(Configuration c, Resource r) {
    Optional<String> v;
    if (meta) {
      v = new MetaLookup(c, Instant.now().getEpochSecond()).effective(r, getParameter);
    } else {
      v =
          r instanceof Primitive p
              ? NvSet.lookup(p.instanceAttributes(), getParameter)
              : Optional.empty();
    }
    if (v.isEmpty()) {
      err.println("Attribute '" + getParameter + "' not found for '" + instanceName(c, r) + "'");
      return 0;
    }
    out.println(v.get());
    return 0;
  }

  /** Pacemaker names a cloned primitive by its first instance in this message. */
  private String instanceName(Configuration c, Resource r) {
    boolean clonedPrimitive =
        r instanceof Primitive
            && c.resources().stream().anyMatch(t -> t instanceof Clone && contains(t, r));
    return clonedPrimitive && !rsc.contains(":") ? r.id() + ":0" : rsc;
  }

  private static boolean inUniqueClone(Configuration c, Resource r) {
    return c.resources().stream()
        .anyMatch(
            t ->
                t instanceof Clone
                    && contains(t, r)
                    && t.meta("globally-unique")
                        .map(
                            v ->
                                org.paceline.cib.CibBooleans.valid(v)
                                    && org.paceline.cib.CibBooleans.parse(v))
                        .orElse(false));
  }

  private static boolean contains(Resource in, Resource r) {
    for (Resource x : in.children()) {
      if (x == r || contains(x, r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the resource runs: "resource RSC is running on: NODE[ Promoted]" per instance (with
   * {@code -Q} the node alone), most recent instance first as crm_resource lists them; "resource
   * RSC is NOT running" on standard error otherwise.
   */
  private int locate(Cib cib) {
    List<String> at = ResourceLiveCommands.where(cib, HistoryIds.baseId(rsc));
    if (at.isEmpty()) {
      err.println("resource " + rsc + " is NOT running");
      return 0;
    }
    List<String> lines = new ArrayList<>(at);
    Collections.reverse(lines);
    for (String a : lines) {
      out.println(quiet ? a.split(" ")[0] : "resource " + rsc + " is running on: " + a);
    }
    return 0;
  }

  private int change(ConfigTarget target, Cib cib, String id) throws ConfigTarget.TargetException {
    Configuration c = cib.configuration();
    Configuration next;
    List<String> notes = new ArrayList<>();
    try {
      if (ban) {
        String where = node;
        if (where == null) {
          List<String> at = ResourceLiveCommands.where(statusCib(target), id);
          if (at.size() != 1) {
            err.println(
                "crm_resource: Resource '"
                    + rsc
                    + "' not moved: active in "
                    + at.size()
                    + " locations."
                    + " To prevent '"
                    + rsc
                    + "' from running on a specific location, specify a node.");
            return CrmAttributeCommand.EX_USAGE;
          }
          where = at.get(0).split(" ")[0];
        }
        if (promoted && !ResourceEdits.isPromotable(c, id)) {
          err.println("crm_resource: --promoted applies only to a promotable clone");
          return CrmAttributeCommand.EX_USAGE;
        }
        String end = lifetime == null ? null : ResourceEdits.lifetimeEnd(lifetime, Instant.now());
        next = ResourceEdits.ban(c, id, where, end, promoted ? Role.PROMOTED : Role.STARTED);
        notes.add(
            "WARNING: Creating rsc_location constraint '"
                + ResourceEdits.banId(id, where)
                + "' with a score of -INFINITY for resource "
                + id
                + " on "
                + where
                + ".");
        notes.add(
            "\tThis will prevent "
                + id
                + (promoted ? " from being promoted on " : " from running on ")
                + where
                + " until the constraint is removed using the clear option or by editing the CIB"
                + " with an appropriate tool");
        notes.add("\tThis will be the case even if " + where + " is the last node in the cluster");
      } else {
        // crm_resource clears node by node (each node's ban, then the move), printing each.
        List<String> removed = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        if (node != null) {
          nodes.add(node);
        } else {
          c.nodes().forEach(n -> nodes.add(n.uname()));
        }
        for (String n : nodes) {
          for (String cid : List.of(ResourceEdits.banId(id, n), ResourceEdits.preferId(id))) {
            if (!removed.contains(cid)
                && c.constraints().stream().anyMatch(x -> x.id().equals(cid))) {
              removed.add(cid);
            }
          }
        }
        List<Constraint> kept = new ArrayList<>();
        for (Constraint x : c.constraints()) {
          if (!removed.contains(x.id())) {
            kept.add(x);
          }
        }
        next = Configs.withConstraints(c, kept);
        removed.forEach(cid -> notes.add("Removing constraint: " + cid));
      }
    } catch (ResourceEdits.EditException e) {
      err.println("crm_resource: " + e.getMessage());
      return CrmAttributeCommand.EX_NOSUCH;
    }
    if (!next.equals(c)) {
      target.commit(cib.version().epoch(), cib.withConfiguration(next));
    }
    for (String n : notes) {
      out.println(n);
    }
    return 0;
  }

  /** Forgets the resource's failures and history through the DC, which probes it again. */
  private int cleanup(ConfigTarget target) throws ConfigTarget.TargetException {
    if (!(target instanceof ConfigTarget.Live)) {
      err.println("crm_resource: --cleanup needs the live cluster (not CIB_file)");
      return CrmAttributeCommand.EX_USAGE;
    }
    try {
      PcmkDaemon.call(env, "cleanup " + HistoryIds.baseId(rsc) + (node == null ? "" : " " + node));
    } catch (CrmAttributeCommand.Failure f) {
      err.println("crm_resource: " + f.getMessage());
      return f.code;
    }
    out.println("Cleaned up " + HistoryIds.baseId(rsc) + (node == null ? "" : " on " + node));
    return 0;
  }
}
