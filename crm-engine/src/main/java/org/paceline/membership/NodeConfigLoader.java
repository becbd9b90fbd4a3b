package org.paceline.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the node-local bootstrap YAML. Every key is declared here once with its check
 * (STYLE.md #13); every problem is reported with file, key and what was expected, all at once.
 *
 * <pre>
 * cluster_name: hubs
 * node_name: hub1
 * data_dir: /var/lib/paceline
 * key_file: /etc/paceline/cluster.key
 * wait_for_all: true          # default true
 * edit_timeout_ms: 5000       # default 5000
 * ocf_root: /usr/lib/ocf      # default /usr/lib/ocf
 * fence_agent_dir: /usr/sbin  # default /usr/sbin
 * attributes_dir: /run/paceline/attributes  # default; agents' transient attributes
 * members:
 *   - {name: hub1, address: 10.0.0.1, port: 7800, role: voter}
 *   - {name: hub2, address: 10.0.0.2, port: 7800, role: voter}
 *   - {name: witness, address: 10.0.0.3, port: 7800, role: witness}
 * </pre>
 */
public final class NodeConfigLoader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Set<String> TOP_KEYS =
      Set.of(
          "cluster_name",
          "node_name",
          "data_dir",
          "key_file",
          "wait_for_all",
          "edit_timeout_ms",
          "ocf_root",
          "fence_agent_dir",
          "attributes_dir",
          "members");
  private static final Set<String> MEMBER_KEYS = Set.of("name", "address", "port", "role");

  /** Longest edit timeout accepted; beyond this an operator waits too long for an answer. */
  public static final long MAX_EDIT_TIMEOUT_MS = 120_000;

  /** The outcome of loading: a config, or the list of problems (never both). */
  public sealed interface Result permits Loaded, Invalid {}

  /** A valid configuration. */
  public record Loaded(NodeConfig config) implements Result {}

  /** The problems found; none of the file was accepted. */
  public record Invalid(List<ConfigProblem> problems) implements Result {
    /** All problems, one per line. */
    public String message() {
      StringBuilder sb = new StringBuilder();
      for (ConfigProblem p : problems) {
        sb.append(p).append('\n');
      }
      return sb.toString().stripTrailing();
    }
  }

  private final String file;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private NodeConfigLoader(String file) {
    this.file = file;
  }

  /** Loads a bootstrap file. */
  public static Result load(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      return new Invalid(
          List.of(new ConfigProblem(path.toString(), "(file)", "cannot read: " + e.getMessage())));
    }
    return parse(text, path);
  }

  /** Parses bootstrap YAML text; {@code path} names it in messages and resolves relative paths. */
  public static Result parse(String yaml, Path path) {
    NodeConfigLoader l = new NodeConfigLoader(path.toString());
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      return new Invalid(
          List.of(
              new ConfigProblem(
                  path.toString(), "(syntax)", "not valid YAML: " + firstLine(e.getMessage()))));
    }
    if (root == null || !root.isObject()) {
      return new Invalid(
          List.of(new ConfigProblem(path.toString(), "(document)", "expected a mapping of keys")));
    }
    NodeConfig c = l.read(root, path);
    return l.problems.isEmpty() ? new Loaded(c) : new Invalid(List.copyOf(l.problems));
  }

  private NodeConfig read(JsonNode root, Path path) {
    unknownKeys(root, TOP_KEYS, "");
    String cluster = name(root, "cluster_name");
    String node = name(root, "node_name");
    Path base = path.toAbsolutePath().getParent();
    Path dataDir = pathKey(root, "data_dir", base);
    Path keyFile = pathKey(root, "key_file", base);
    boolean wfa = true;
    JsonNode w = root.get("wait_for_all");
    if (w != null) {
      if (w.isBoolean()) {
        wfa = w.booleanValue();
      } else {
        problem("wait_for_all", "expected true or false, found '" + w.asText() + "'");
      }
    }
    long editTimeoutMs = NodeConfig.DEFAULT_EDIT_TIMEOUT_MS;
    JsonNode t = root.get("edit_timeout_ms");
    if (t != null) {
      if (t.canConvertToLong() && t.isIntegralNumber() && t.asLong() >= 100) {
        editTimeoutMs = Math.min(t.asLong(), MAX_EDIT_TIMEOUT_MS);
        if (t.asLong() > MAX_EDIT_TIMEOUT_MS) {
          problem(
              "edit_timeout_ms",
              "expected at most " + MAX_EDIT_TIMEOUT_MS + " ms, found " + t.asText());
        }
      } else {
        problem("edit_timeout_ms", "expected an integer >= 100 (ms), found '" + t.asText() + "'");
      }
    }
    List<Peer> members = members(root.get("members"));
    if (node != null && members.stream().noneMatch(p -> p.name().equals(node))) {
      problem("node_name", "'" + node + "' is not one of members[].name");
    }
    long voters = members.stream().filter(p -> p.role() == VoterRole.VOTER).count();
    if (!members.isEmpty() && voters == 0) {
      problem("members", "expected at least one member with role voter");
    }
    if (members.size() == 2) {
      problem(
          "members",
          "two members cannot survive the loss of either (a Raft majority of 2 is 2): add a third"
              + " member with role witness");
    }
    Path ocfRoot =
        root.has("ocf_root") ? pathKey(root, "ocf_root", base) : NodeConfig.DEFAULT_OCF_ROOT;
    Path fenceDir =
        root.has("fence_agent_dir")
            ? pathKey(root, "fence_agent_dir", base)
            : NodeConfig.DEFAULT_FENCE_AGENT_DIR;
    Path attributesDir =
        root.has("attributes_dir")
            ? pathKey(root, "attributes_dir", base)
            : NodeConfig.DEFAULT_ATTRIBUTES_DIR;
    return new NodeConfig(
        path,
        cluster,
        node,
        members,
        dataDir,
        keyFile,
        wfa,
        editTimeoutMs,
        ocfRoot,
        fenceDir,
        attributesDir);
  }

  private List<Peer> members(JsonNode list) {
    List<Peer> out = new ArrayList<>();
    if (list == null) {
      problem("members", "missing; expected a list of {name, address, port, role}");
      return out;
    }
    if (!list.isArray() || list.isEmpty()) {
      problem("members", "expected a non-empty list of {name, address, port, role}");
      return out;
    }
    Set<String> names = new HashSet<>();
    Set<String> endpoints = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String at = "members[" + i + "]";
      if (!m.isObject()) {
        problem(at, "expected a mapping {name, address, port, role}");
        continue;
      }
      unknownKeys(m, MEMBER_KEYS, at + ".");
      String name = name(m, at + ".name", "name");
      String address = text(m, "address", at + ".address");
      if (address != null) {
        try {
          InetAddress.getByName(address);
        } catch (UnknownHostException e) {
          problem(
              at + ".address",
              "expected an IP address or resolvable host, found '" + address + "'");
        }
      }
      int port = 7800;
      JsonNode p = m.get("port");
      if (p != null) {
        if (p.isIntegralNumber() && p.asInt() >= 1 && p.asInt() <= 65_435) {
          port = p.asInt();
        } else {
          // FD_SOCK2 listens at port + 100, so the transport port must leave room for it.
          problem(at + ".port", "expected an integer 1..65435, found '" + p.asText() + "'");
        }
      }
      VoterRole role = VoterRole.VOTER;
      JsonNode r = m.get("role");
      if (r != null) {
        try {
          role = VoterRole.valueOf(r.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problem(at + ".role", "expected voter or witness, found '" + r.asText() + "'");
        }
      }
      if (name != null && !names.add(name)) {
        problem(at + ".name", "duplicate member name '" + name + "'");
      }
      if (address != null && !endpoints.add(address + ":" + port)) {
        problem(at, "duplicate address and port " + address + ":" + port);
      }
      if (name != null && address != null) {
        out.add(new Peer(name, address, port, role));
      }
    }
    out.sort(Comparator.comparing(Peer::name));
    return out;
  }

  private void unknownKeys(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        problem(prefix + k, "unknown key; expected one of " + known.stream().sorted().toList());
      }
    }
  }

  private String name(JsonNode n, String key) {
    return name(n, key, key);
  }

  private String name(JsonNode n, String key, String field) {
    String v = text(n, field, key);
    if (v != null && !NAME.matcher(v).matches()) {
      problem(key, "expected letters, digits, '.', '_' or '-' (1-63 chars), found '" + v + "'");
      return null;
    }
    return v;
  }

  private String text(JsonNode n, String field, String key) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      problem(key, "missing; expected a value");
      return null;
    }
    if (!v.isValueNode() || v.asText().isBlank()) {
      problem(key, "expected a non-empty string");
      return null;
    }
    return v.asText();
  }

  private Path pathKey(JsonNode n, String key, Path base) {
    String v = text(n, key, key);
    if (v == null) {
      return null;
    }
    Path p = Path.of(v);
    return base == null ? p : base.resolve(p).normalize();
  }

  private void problem(String key, String message) {
    problems.add(new ConfigProblem(file, key, message));
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
