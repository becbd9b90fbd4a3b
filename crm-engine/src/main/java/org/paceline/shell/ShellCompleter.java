package org.paceline.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.paceline.agents.AgentId;
import org.paceline.cib.Configuration;
import org.paceline.cib.Node;
import org.paceline.cib.Resource;

/**
 * Tab completion for the interactive shell: the commands of the current level (and the levels at
 * the root), then per command resource ids, node ids, agents and an agent's parameters ({@code
 * name=}) taken from the configuration being edited and the agents' meta-data. {@link #candidates}
 * is the pure part, tested without a terminal.
 */
final class ShellCompleter implements Completer {
  private final InteractiveShell shell;
  private final TargetOptions options;
  private AgentParameters agentParameters;
  private List<String> agents;

  ShellCompleter(InteractiveShell shell, TargetOptions options) {
    this.shell = shell;
    this.options = options;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> before = new ArrayList<>(line.words().subList(0, line.wordIndex()));
    for (String c : candidates(before)) {
      candidates.add(new Candidate(c, c, null, null, null, null, !c.endsWith("=")));
    }
  }

  /** What may come after {@code before} (the complete words left of the cursor). */
  List<String> candidates(List<String> before) {
    String level = shell.level();
    List<String> words = new ArrayList<>(before);
    if (level.isEmpty() && !words.isEmpty() && InteractiveShell.levels().contains(words.get(0))) {
      level = words.remove(0);
    }
    if (words.isEmpty()) {
      return InteractiveShell.commands(level);
    }
    String cmd;
    try {
      cmd = InteractiveShell.resolve(words.get(0), InteractiveShell.commands(level));
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    int pos = words.size(); // index of the word being completed
    Configuration c = configuration();
    if (level.equals("configure")) {
      return configure(cmd, words, pos, c);
    }
    if (level.equals("resource")) {
      if (pos == 1) {
        return resourceIds(c);
      }
      if (pos == 2 && Set.of("move", "migrate", "ban", "cleanup").contains(cmd)) {
        return nodeIds(c);
      }
      return List.of();
    }
    if (level.equals("node") && pos == 1) {
      return nodeIds(c);
    }
    return List.of();
  }

  private List<String> configure(String cmd, List<String> words, int pos, Configuration c) {
    switch (cmd) {
      case "primitive":
        if (pos == 1) {
          return List.of();
        }
        if (pos == 2) {
          return agents();
        }
        return primitiveTail(words);
      case "group", "clone", "promotable", "ms":
        return pos >= 2 ? resourceIds(c) : List.of();
      case "location":
        if (pos == 2) {
          return resourceIds(c);
        }
        return pos >= 4 ? nodeIds(c) : List.of();
      case "colocation", "collocation", "order":
        return pos >= 3 ? resourceIds(c) : List.of();
      case "delete":
        {
          TreeSet<String> ids = new TreeSet<>(resourceIds(c));
          c.constraints().forEach(x -> ids.add(x.id()));
          return new ArrayList<>(ids);
        }
      case "fencing_topology":
        {
          List<String> l = new ArrayList<>();
          nodeIds(c).forEach(n -> l.add(n + ":"));
          c.allResources()
              .filter(
                  r ->
                      r instanceof org.paceline.cib.Primitive p
                          && "stonith".equals(p.resourceClass()))
              .forEach(r -> l.add(r.id()));
          return l;
        }
      case "show":
        return pos == 1 ? List.of("xml") : List.of();
      case "load":
        return pos == 1 ? List.of("replace", "update") : List.of();
      default:
        return List.of();
    }
  }

  /** After {@code primitive ID AGENT}: sections, and the agent's parameters after params. */
  private List<String> primitiveTail(List<String> words) {
    String section = null;
    for (int i = 3; i < words.size(); i++) {
      if (Set.of("params", "meta", "op", "utilization").contains(words.get(i))) {
        section = words.get(i);
      }
    }
    List<String> result = new ArrayList<>(List.of("params", "meta", "op"));
    if ("params".equals(section)) {
      Optional<Set<String>> names = agentParameters().parameters(normalizeAgent(words.get(2)));
      if (names.isPresent()) {
        for (String n : names.get()) {
          boolean used = words.stream().anyMatch(w -> w.startsWith(n + "="));
          if (!used) {
            result.add(n + "=");
          }
        }
      }
    } else if ("meta".equals(section)) {
      result.addAll(
          List.of("target-role=", "is-managed=", "resource-stickiness=", "migration-threshold="));
    } else if ("op".equals(section)) {
      result.addAll(
          List.of("monitor", "start", "stop", "promote", "demote", "interval=", "timeout="));
    }
    return result;
  }

  private static String normalizeAgent(String a) {
    return a.contains(":") ? a : "ocf:heartbeat:" + a;
  }

  private AgentParameters agentParameters() {
    if (agentParameters == null) {
      agentParameters = options.agents();
    }
    return agentParameters;
  }

  private List<String> agents() {
    if (agents == null) {
      List<String> l = new ArrayList<>();
      try {
        for (AgentId id : RaCommand.catalog(options.ocfRoot).list()) {
          l.add(id.toString());
        }
      } catch (IOException e) {
        // No agent list: completion offers none; the command itself still checks the agent.
      }
      l.add("stonith:");
      l.sort(null);
      agents = l;
    }
    return agents;
  }

  private Configuration configuration() {
    ConfigureSession s = shell.session();
    return s == null ? Configuration.empty() : s.pending();
  }

  private static List<String> resourceIds(Configuration c) {
    return c.allResources().map(Resource::id).sorted().toList();
  }

  private static List<String> nodeIds(Configuration c) {
    return c.nodes().stream().map(Node::uname).sorted().toList();
  }
}
