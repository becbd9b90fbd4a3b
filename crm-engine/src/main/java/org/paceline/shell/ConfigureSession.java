package org.paceline.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibValidator;
import org.paceline.cib.Configuration;
import org.paceline.cib.Constraint;
import org.paceline.cib.FencingLevel;
import org.paceline.cib.Node;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Problem;
import org.paceline.cib.Resource;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SummaryItem;
import org.paceline.scheduler.Transition;

/**
 * A read-modify-write of the configuration: the configuration read (with its epoch), the pending
 * one after the edits so far, a dry run (validation and the transition the change would cause on
 * the current status), and the commit (compare-and-set on the epoch read). Each edit is validated
 * when applied; an invalid one is refused and leaves the pending configuration as it was.
 */
final class ConfigureSession {
  private final ConfigTarget target;
  private final AgentParameters agents;
  private Cib base;
  private Configuration pending;
  private final List<String> changes = new ArrayList<>();

  private ConfigureSession(ConfigTarget target, AgentParameters agents, Cib base) {
    this.target = target;
    this.agents = agents;
    this.base = base;
    this.pending = base.configuration();
  }

  static ConfigureSession open(ConfigTarget target, AgentParameters agents)
      throws ConfigTarget.TargetException {
    return new ConfigureSession(target, agents, target.read());
  }

  ConfigTarget target() {
    return target;
  }

  Configuration pending() {
    return pending;
  }

  Cib pendingCib() {
    return base.withConfiguration(pending);
  }

  boolean hasChanges() {
    return !changes.isEmpty();
  }

  /**
   * Applies one crmsh configure command; on error prints it and returns false (nothing changed).
   */
  boolean apply(List<String> words, PrintWriter err) {
    CrmshConfigure.Result r = CrmshConfigure.apply(pending, words, agents);
    if (r instanceof CrmshConfigure.Failed f) {
      err.println("error: " + f.message() + "; nothing changed");
      return false;
    }
    CrmshConfigure.Changed ch = (CrmshConfigure.Changed) r;
    ch.warnings().forEach(w -> err.println("warning: " + w));
    return accept(ch.configuration(), ch.description(), err);
  }

  /** Applies an edit computed elsewhere (resource commands, load); validated like the others. */
  boolean accept(Configuration next, String description, PrintWriter err) {
    List<Problem> problems = CibValidator.validate(next);
    if (CibValidator.hasErrors(problems)) {
      for (Problem p : problems) {
        if (p.severity() == Problem.Severity.ERROR) {
          err.println(p.format(org.paceline.cib.SourceLocations.none()));
        }
      }
      err.println(
          "error: " + description + ": the configuration would not be valid; nothing changed");
      return false;
    }
    pending = next;
    changes.add(description);
    return true;
  }

  /** {@code load update|replace FILE}: merge by id, or replace everything. */
  boolean load(String method, Path file, PrintWriter err) {
    Configuration incoming;
    try {
      incoming = CibFiles.read(file).cib().configuration();
    } catch (CibFormatException e) {
      err.println("error: " + e.getMessage() + "; nothing changed");
      return false;
    }
    return switch (method) {
      case "replace" -> accept(incoming, "load replace " + file, err);
      case "update" -> accept(mergeById(pending, incoming), "load update " + file, err);
      default -> {
        err.println("error: load " + method + ": expected update or replace; nothing changed");
        yield false;
      }
    };
  }

  /** Prints the pending changes, warnings, and the transition they would cause. */
  void printDryRun(PrintWriter out) {
    List<String> notes = new ArrayList<>();
    Cib status;
    try {
      status = target.statusCib(notes);
    } catch (ConfigTarget.TargetException e) {
      notes.add("no status: " + e.getMessage());
      status = base;
    }
    for (Problem p : CibValidator.validate(pending)) {
      out.println(p.format(org.paceline.cib.SourceLocations.none()));
    }
    for (String n : notes) {
      out.println("note: " + n);
    }
    Transition t =
        Scheduler.schedule(status.withConfiguration(pending), System.currentTimeMillis() / 1000);
    out.println("Transition Summary:");
    for (SummaryItem i : t.summary()) {
      out.println(i.format());
    }
    if (t.summary().isEmpty()) {
      out.println("  (no resource changes)");
    }
    out.flush();
  }

  /** Commits the pending configuration (compare-and-set on the epoch read). */
  int commit(PrintWriter out, PrintWriter err) {
    if (changes.isEmpty()) {
      out.println("nothing to commit");
      return ExitCodes.OK;
    }
    try {
      String answer = target.commit(base.version().epoch(), base.withConfiguration(pending));
      out.println(answer.isBlank() ? "committed" : answer.strip());
      changes.clear();
      base = target.read();
      pending = base.configuration();
      return ExitCodes.OK;
    } catch (ConfigTarget.TargetException e) {
      err.println("error: not committed: " + e.getMessage());
      return e.exitCode;
    }
  }

  /** Drops the pending changes and reads the configuration again. */
  void refresh() throws ConfigTarget.TargetException {
    base = target.read();
    pending = base.configuration();
    changes.clear();
  }

  List<String> changes() {
    return List.copyOf(changes);
  }

  /**
   * {@code load update}: objects of {@code incoming} replace those of {@code c} with the same id,
   * new ones are appended; property and defaults pairs are merged by name.
   */
  static Configuration mergeById(Configuration c, Configuration incoming) {
    List<Resource> resources = merge(c.resources(), incoming.resources(), Resource::id);
    List<Constraint> constraints = merge(c.constraints(), incoming.constraints(), Constraint::id);
    List<Node> nodes = merge(c.nodes(), incoming.nodes(), Node::id);
    List<FencingLevel> levels =
        merge(c.fencingLevels(), incoming.fencingLevels(), FencingLevel::id);
    return new Configuration(
        mergeSets(c.clusterProperties(), incoming.clusterProperties()),
        nodes,
        resources,
        constraints,
        mergeSets(c.rscDefaults(), incoming.rscDefaults()),
        mergeSets(c.opDefaults(), incoming.opDefaults()),
        levels,
        c.tags(),
        c.otherChildren());
  }

  private static <T> List<T> merge(List<T> a, List<T> b, Function<T, String> id) {
    Map<String, T> byId = new LinkedHashMap<>();
    for (T x : a) {
      byId.put(id.apply(x), x);
    }
    for (T x : b) {
      byId.put(id.apply(x), x);
    }
    return new ArrayList<>(byId.values());
  }

  private static List<NvSet> mergeSets(List<NvSet> a, List<NvSet> b) {
    List<NvSet> result = new ArrayList<>(a);
    for (NvSet s : b) {
      boolean found = false;
      for (int i = 0; i < result.size(); i++) {
        NvSet old = result.get(i);
        if (old.id() != null && old.id().equals(s.id())) {
          List<NvSet> one = List.of(old);
          for (NvPair p : s.nvpairs()) {
            one = NvSetEdits.set(one, old.id(), p.name(), p.value());
          }
          result.set(i, one.isEmpty() ? old : one.get(0));
          found = true;
        }
      }
      if (!found) {
        result.add(s);
      }
    }
    return result;
  }
}
