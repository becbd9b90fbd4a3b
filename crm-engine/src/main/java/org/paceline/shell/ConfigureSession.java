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
  private final List<Edit> changes = new ArrayList<>();

  /** How often a commit refused for a stale read is retried on a fresh read. */
  static final int COMMIT_ATTEMPTS = 3;

  /** How long to wait for the local read to catch up with a newer committed epoch. */
  static final long CATCH_UP_LIMIT_MS = 5_000;

  /** How often the configuration is read again while catching up. */
  static final long CATCH_UP_POLL_MS = 50;

  /** An edit that cannot be made to a configuration; the message says what and where. */
  static final class EditFailure extends Exception {
    EditFailure(String message) {
      super(message);
    }
  }

  /** Computes one edit's result from a configuration. */
  interface EditFunction {
    Configuration apply(Configuration c) throws EditFailure;
  }

  /**
   * One edit, kept as a function of the configuration so that it can be applied again to a newer
   * one when the commit finds that someone else changed the configuration meanwhile.
   */
  record Edit(String description, EditFunction function) {}

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
    CrmshConfigure.Result first = CrmshConfigure.apply(pending, words, agents);
    if (first instanceof CrmshConfigure.Changed ch) {
      ch.warnings().forEach(w -> err.println("warning: " + w));
    }
    return apply(
        new Edit(
            String.join(" ", words),
            c -> {
              CrmshConfigure.Result r = CrmshConfigure.apply(c, words, agents);
              if (r instanceof CrmshConfigure.Failed f) {
                throw new EditFailure(f.message());
              }
              return ((CrmshConfigure.Changed) r).configuration();
            }),
        err);
  }

  /** Applies an edit to the pending configuration if it succeeds and the result is valid. */
  boolean apply(Edit e, PrintWriter err) {
    Configuration next;
    try {
      next = valid(e, pending);
    } catch (EditFailure f) {
      err.println("error: " + f.getMessage() + "; nothing changed");
      return false;
    }
    pending = next;
    changes.add(e);
    return true;
  }

  private static Configuration valid(Edit e, Configuration c) throws EditFailure {
    Configuration next = e.function().apply(c);
    List<Problem> problems = CibValidator.validate(next);
    if (CibValidator.hasErrors(problems)) {
      StringBuilder b = new StringBuilder();
      for (Problem p : problems) {
        if (p.severity() == Problem.Severity.ERROR) {
          b.append(p.format(org.paceline.cib.SourceLocations.none())).append('\n');
        }
      }
      throw new EditFailure(b + e.description() + ": the configuration would not be valid");
    }
    return next;
  }

  /** The methods of {@code load}, as crmsh names them. */
  static final java.util.Set<String> LOAD_METHODS = java.util.Set.of("update", "replace", "push");

  /**
   * {@code load}'s words, {@code [xml] METHOD FILE} as crmsh takes them: the method and the file,
   * or null after printing the usage error.
   */
  static List<String> loadArgs(List<String> a, PrintWriter err) {
    if (a.size() == 3 && a.get(0).equals("xml")) {
      return a.subList(1, 3);
    }
    if (a.size() == 2) {
      return a;
    }
    err.println("error: usage: load [xml] update|replace|push FILE; nothing changed");
    return null;
  }

  /**
   * {@code load update|replace|push FILE}: merge by id; replace everything (crmsh text: but the
   * nodes, as crmsh; a CIB file: its whole configuration, as cibadmin --replace); or make the
   * configuration exactly the file's, nodes included (crmsh's push).
   */
  boolean load(String method, Path file, PrintWriter err) {
    if (!LOAD_METHODS.contains(method)) {
      err.println("error: load " + method + ": expected update, replace or push; nothing changed");
      return false;
    }
    String text = null;
    try {
      text = java.nio.file.Files.readString(file);
    } catch (java.io.IOException | RuntimeException e) {
      // CibFiles.read names the problem below.
    }
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    boolean structured =
        name.endsWith(".xml")
            || name.endsWith(".yaml")
            || name.endsWith(".yml")
            || (text != null && text.stripLeading().startsWith("<"));
    if (!structured && text != null && CrmshText.looksLikeCrmsh(text)) {
      return loadCrmsh(method, file, text, err);
    }
    Configuration incoming;
    try {
      org.paceline.cib.CibDocument doc = CibFiles.read(file);
      doc.readWarnings().forEach(err::println);
      incoming = doc.cib().configuration();
    } catch (CibFormatException e) {
      err.println("error: " + e.getMessage() + "; nothing changed");
      return false;
    }
    // A CIB file is a whole configuration: replace (and push) make it the configuration, nodes
    // included, as cibadmin --replace does; a site's file lists the nodes that run resources, and
    // a quorum-only witness stays out of them.
    return switch (method) {
      case "replace", "push" -> apply(new Edit("load " + method + " " + file, c -> incoming), err);
      default -> apply(new Edit("load update " + file, c -> mergeById(c, incoming)), err);
    };
  }

  /**
   * {@code load update|replace FILE} for crmsh text: every statement applied in one edit, all or
   * nothing. Statements are taken in an order where each refers only to what comes before (a group
   * may precede its primitives in the file). 'replace' builds the configuration from the file alone
   * (the nodes stay); 'update' replaces the objects the file defines, by id, and keeps the rest
   * (constraints on a redefined resource included).
   */
  private boolean loadCrmsh(String method, Path file, String text, PrintWriter err) {
    List<CrmshText.Statement> statements;
    try {
      statements = CrmshText.inLoadOrder(CrmshText.statements(text));
    } catch (CrmshText.CrmshTextException e) {
      err.println("error: " + file + ": " + e.getMessage() + "; nothing changed");
      return false;
    }
    boolean replace = !method.equals("update");
    boolean push = method.equals("push");
    return apply(
        new Edit(
            "load " + method + " " + file,
            c -> {
              Configuration start =
                  push
                      ? Configuration.empty()
                      : replace ? Configuration.empty().withNodes(c.nodes()) : c;
              java.util.Set<String> defined = new java.util.LinkedHashSet<>();
              for (CrmshText.Statement st : statements) {
                String id = CrmshText.definedId(st);
                if (id != null) {
                  defined.add(id);
                }
              }
              if (!replace) {
                for (String id : defined) {
                  boolean exists =
                      start.resource(id).isPresent()
                          || start.constraints().stream().anyMatch(x -> id.equals(x.id()));
                  if (exists) {
                    start = applyOne(start, file, 0, List.of("delete", id));
                  }
                }
              }
              // A tag the file defines replaces the one of that id.
              java.util.Set<String> tagIds = new java.util.HashSet<>();
              for (CrmshText.Statement st : statements) {
                if (st.command().equals("tag") && st.words().size() > 1) {
                  String t = st.words().get(1);
                  tagIds.add(t.endsWith(":") ? t.substring(0, t.length() - 1) : t);
                }
              }
              if (!replace && !tagIds.isEmpty()) {
                start =
                    Configs.withTags(
                        start,
                        start.tags().stream().filter(t -> !tagIds.contains(t.id())).toList());
              }
              Configuration parsed = start;
              for (CrmshText.Statement st : statements) {
                parsed = applyOne(parsed, file, st.line(), st.words());
              }
              if (replace) {
                return parsed;
              }
              List<Resource> resources = new ArrayList<>();
              for (Resource r : parsed.resources()) {
                if (defined.contains(r.id())) {
                  resources.add(r);
                }
              }
              List<Constraint> constraints = new ArrayList<>();
              for (Constraint x : parsed.constraints()) {
                if (defined.contains(x.id())) {
                  constraints.add(x);
                }
              }
              Configuration incoming =
                  new Configuration(
                      parsed.clusterProperties(),
                      parsed.nodes(),
                      resources,
                      constraints,
                      parsed.rscDefaults(),
                      parsed.opDefaults(),
                      parsed.fencingLevels(),
                      parsed.tags(),
                      // alerts the file defines replace those of the same id (CrmshAlerts)
                      parsed.otherChildren());
              return mergeById(c, incoming, true);
            }),
        err);
  }

  /**
   * crmsh's {@code erase}: every object but the nodes (properties and defaults included); {@code
   * erase nodes}: the nodes alone.
   */
  boolean erase(List<String> args, PrintWriter err) {
    if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals("nodes"))) {
      err.println(
          "error: erase: expected 'nodes' or nothing, not '"
              + String.join(" ", args)
              + "'; nothing changed");
      return false;
    }
    if (args.isEmpty()) {
      return apply(new Edit("erase", c -> Configuration.empty().withNodes(c.nodes())), err);
    }
    return apply(new Edit("erase nodes", c -> c.withNodes(List.of())), err);
  }

  /** crmsh's {@code rename OLD NEW}: the object's id and every reference to it. */
  boolean rename(List<String> args, PrintWriter err) {
    if (args.size() != 2) {
      err.println("error: usage: rename OLD-ID NEW-ID; nothing changed");
      return false;
    }
    String from = args.get(0);
    String to = args.get(1);
    Cib at = base;
    return apply(
        new Edit("rename " + from + " " + to, c -> ConfigRename.rename(at, c, from, to)), err);
  }

  /**
   * The crmsh text of the objects {@code ids} define (all of the configuration when empty), as
   * {@code show ID...} prints it; an unknown id is an error.
   */
  String show(List<String> ids) throws EditFailure {
    String all = CrmshShow.render(pending);
    if (ids.isEmpty()) {
      return all;
    }
    List<CrmshText.Statement> statements;
    try {
      statements = CrmshText.statements(all);
    } catch (CrmshText.CrmshTextException e) {
      throw new EditFailure("cannot read the configuration back: " + e.getMessage());
    }
    String[] lines = all.split("\n", -1);
    StringBuilder out = new StringBuilder();
    java.util.Set<String> found = new java.util.HashSet<>();
    for (int i = 0; i < statements.size(); i++) {
      CrmshText.Statement st = statements.get(i);
      String id = objectId(st);
      if (id == null || !ids.contains(id)) {
        continue;
      }
      found.add(id);
      int end = i + 1 < statements.size() ? statements.get(i + 1).line() - 1 : lines.length;
      for (int l = st.line() - 1; l < end; l++) {
        if (!lines[l].isBlank()) {
          out.append(lines[l]).append('\n');
        }
      }
    }
    for (String id : ids) {
      if (!found.contains(id)) {
        throw new EditFailure("no object with id '" + id + "'");
      }
    }
    return out.toString();
  }

  /** The id a shown statement defines: an object's, a node's name, or a named set's. */
  static String objectId(CrmshText.Statement st) {
    String id = CrmshText.definedId(st);
    if (id == null && st.words().size() > 1) {
      String w = st.words().get(1);
      if (st.command().equals("node")) {
        w = w.startsWith("$id=") && st.words().size() > 2 ? st.words().get(2) : w;
        int colon = w.indexOf(':');
        return colon > 0 ? w.substring(0, colon) : w;
      }
      if (st.command().equals("tag")) {
        return w.endsWith(":") ? w.substring(0, w.length() - 1) : w;
      }
    }
    return id;
  }

  /**
   * crmsh's {@code edit}: {@code text} is what the user made of {@link #show(List)}'s text. For the
   * whole configuration it becomes the configuration (a {@code load push}); for some objects, those
   * left in the text replace theirs and those removed from it are deleted.
   */
  boolean edited(List<String> ids, Path file, String text, PrintWriter err) {
    if (ids.isEmpty()) {
      return load("push", file, err);
    }
    List<CrmshText.Statement> statements;
    try {
      statements = CrmshText.statements(text);
    } catch (CrmshText.CrmshTextException e) {
      err.println("error: " + file + ": " + e.getMessage() + "; nothing changed");
      return false;
    }
    java.util.Set<String> kept = new java.util.HashSet<>();
    statements.forEach(st -> kept.add(objectId(st)));
    List<String> gone = ids.stream().filter(id -> !kept.contains(id)).toList();
    Configuration before = pending;
    int count = changes.size();
    boolean ok = true;
    if (!gone.isEmpty()) {
      List<String> words = new ArrayList<>(List.of("delete"));
      words.addAll(gone);
      ok = apply(words, err);
    }
    ok = ok && (statements.isEmpty() || load("update", file, err));
    if (!ok) {
      // All or nothing: a deletion already applied goes too.
      pending = before;
      changes.subList(count, changes.size()).clear();
    }
    return ok;
  }

  private Configuration applyOne(Configuration c, Path file, int line, List<String> words)
      throws EditFailure {
    CrmshConfigure.Result r = CrmshConfigure.apply(c, words, agents);
    if (r instanceof CrmshConfigure.Failed f) {
      throw new EditFailure(file + (line > 0 ? ":" + line : "") + ": " + f.message());
    }
    return ((CrmshConfigure.Changed) r).configuration();
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
    for (int attempt = 1; ; attempt++) {
      try {
        String answer = target.commit(base.version().epoch(), base.withConfiguration(pending));
        out.println(answer.isBlank() ? "committed" : answer.strip());
        changes.clear();
        base = target.read();
        pending = base.configuration();
        return ExitCodes.OK;
      } catch (ConfigTarget.TargetException e) {
        long newer = conflictEpoch(e.getMessage());
        if (newer < 0 || attempt >= COMMIT_ATTEMPTS) {
          err.println("error: not committed: " + e.getMessage());
          return e.exitCode;
        }
        int rc = rebase(newer, out, err);
        if (rc != ExitCodes.OK) {
          return rc;
        }
      }
    }
  }

  /** The epoch a compare-and-set refusal names ("epoch is N"), or -1 for another refusal. */
  static long conflictEpoch(String message) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("changed meanwhile \\(epoch is ([0-9]+)").matcher(message);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Someone committed meanwhile (or this node had not yet applied a commit: a follower learns of it
   * with the leader's next message). Reads again until the read has {@code epoch}, then applies the
   * same edits to the newer configuration, so nobody's change is lost; an edit that no longer
   * applies stops the commit.
   */
  private int rebase(long epoch, PrintWriter out, PrintWriter err) {
    long deadline = System.nanoTime() + CATCH_UP_LIMIT_MS * 1_000_000;
    Cib fresh;
    try {
      fresh = target.read();
      while (fresh.version().epoch() < epoch && System.nanoTime() < deadline) {
        Thread.sleep(CATCH_UP_POLL_MS);
        fresh = target.read();
      }
    } catch (ConfigTarget.TargetException e) {
      err.println("error: not committed: " + e.getMessage());
      return e.exitCode;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.SOFTWARE;
    }
    Configuration next = fresh.configuration();
    for (Edit e : changes) {
      try {
        next = valid(e, next);
      } catch (EditFailure f) {
        err.println(
            "error: not committed: the configuration changed meanwhile (epoch "
                + base.version().epoch()
                + " -> "
                + fresh.version().epoch()
                + ") and '"
                + e.description()
                + "' no longer applies: "
                + f.getMessage());
        return ExitCodes.INVALID_INPUT;
      }
    }
    out.println(
        "note: the configuration changed since it was read (epoch "
            + base.version().epoch()
            + " -> "
            + fresh.version().epoch()
            + "); the change(s) were applied again to the newer one:");
    base = fresh;
    pending = next;
    printDryRun(out);
    return ExitCodes.OK;
  }

  /** Drops the pending changes and reads the configuration again. */
  void refresh() throws ConfigTarget.TargetException {
    base = target.read();
    pending = base.configuration();
    changes.clear();
  }

  List<String> changes() {
    return changes.stream().map(Edit::description).toList();
  }

  /**
   * {@code load update}: objects of {@code incoming} replace those of {@code c} with the same id,
   * new ones are appended; property and defaults pairs are merged by name.
   */
  static Configuration mergeById(Configuration c, Configuration incoming) {
    return mergeById(c, incoming, false);
  }

  private static Configuration mergeById(
      Configuration c, Configuration incoming, boolean wholeTopology) {
    List<Resource> resources = merge(c.resources(), incoming.resources(), Resource::id);
    List<Constraint> constraints = merge(c.constraints(), incoming.constraints(), Constraint::id);
    List<Node> nodes = mergeNodes(c.nodes(), incoming.nodes());
    // An XML file's levels merge by id; a crmsh load's incoming holds the whole topology (a
    // fencing_topology statement replaces it, as in crmsh, else it is the one it started from).
    List<FencingLevel> levels =
        wholeTopology
            ? incoming.fencingLevels()
            : merge(c.fencingLevels(), incoming.fencingLevels(), FencingLevel::id);
    return new Configuration(
        NvSetEdits.merge(c.clusterProperties(), incoming.clusterProperties()),
        nodes,
        resources,
        constraints,
        NvSetEdits.merge(c.rscDefaults(), incoming.rscDefaults()),
        NvSetEdits.merge(c.opDefaults(), incoming.opDefaults()),
        levels,
        merge(c.tags(), incoming.tags(), org.paceline.cib.Tag::id),
        merge(c.otherChildren(), incoming.otherChildren(), org.paceline.cib.XmlNode::name));
  }

  /**
   * The nodes of {@code a} with those of {@code b} in their place: a node is the same node when its
   * name or its id is (a cluster names node 2 "hub2"; a file may give it id "hub2"), so a load
   * never leaves two entries for one node; nodes only {@code b} has come last.
   */
  static List<Node> mergeNodes(List<Node> a, List<Node> b) {
    List<Node> out = new ArrayList<>();
    List<Node> rest = new ArrayList<>(b);
    for (Node n : a) {
      Node same =
          rest.stream()
              .filter(
                  x ->
                      java.util.Objects.equals(x.uname(), n.uname())
                          || java.util.Objects.equals(x.id(), n.id()))
              .findFirst()
              .orElse(null);
      if (same == null) {
        out.add(n);
      } else {
        out.add(same);
        rest.remove(same);
      }
    }
    out.addAll(rest);
    return out;
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
}
