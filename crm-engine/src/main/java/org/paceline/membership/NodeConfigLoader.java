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
 * security: tls              # default tls (cluster CA, mutual TLS); or key (SYM_ENCRYPT)
 * pki_dir: /etc/paceline/pki  # default; CA and node certificate (crm cluster start/join)
 * key_file: /etc/paceline/cluster.key   # only with security: key
 * wait_for_all: true          # default true
 * edit_timeout_ms: 5000       # default 5000
 * failure_detection_ms: 2000  # default 2000: a silent member is suspected after this (500-10000)
 * ocf_root: /usr/lib/ocf      # default /usr/lib/ocf
 * fence_agent_dir: /usr/sbin  # default /usr/sbin
 * attributes_dir: /run/paceline/attributes  # default; agents' transient attributes
 * pcmk_tools_dir: /usr/lib/paceline/pcmk     # default; crm_attribute etc. for agents
 * http:                       # optional: the status HTTP API
 *   listen: 127.0.0.1:7480    # ADDRESS:PORT (required in http)
 *   active_resource: vip      # the resource that makes a node active
 *   active_code: 200          # default 200
 *   inactive_code: 503        # default 503
 *   user: admin               # basic auth for /, /status, /metrics (with password_hash)
 *   password_hash: pbkdf2-sha256$600000$...
 *   tls: cluster              # HTTPS with this node's certificate from the cluster CA
 *   keystore: /etc/paceline/http.p12              # or HTTPS (with keystore_password_file)
 *   keystore_password_file: /etc/paceline/http.pass
 * role_file: /run/paceline/role  # optional; needs http.active_resource
 * webhook:                    # optional: alert events as signed JSON POSTs
 *   url: https://hooks.example.com/paceline   # http:// or https://
 *   secret_file: /etc/paceline/webhook.key    # the HMAC-SHA256 key (X-Paceline-Signature)
 * members:
 *   - {name: hub1, address: 10.0.0.1, port: 7800, role: voter}
 *   - {name: hub2, address: 10.0.0.2, port: 7800, role: voter}
 *   - {name: witness, address: 10.0.0.3, port: 7800, role: witness}
 * </pre>
 */
public final class NodeConfigLoader {
  /**
   * Bounds of {@code failure_detection_ms}: below 500 ms a GC pause or a loaded machine looks like
   * a dead node; above 10 s failover is slower than corosync's defaults.
   */
  static final long MIN_FAILURE_DETECTION_MS = 500;

  static final long MAX_FAILURE_DETECTION_MS = 10_000;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Set<String> TOP_KEYS =
      Set.of(
          "cluster_name",
          "node_name",
          "data_dir",
          "key_file",
          "security",
          "pki_dir",
          "wait_for_all",
          "edit_timeout_ms",
          "failure_detection_ms",
          "ocf_root",
          "fence_agent_dir",
          "attributes_dir",
          "pcmk_tools_dir",
          "http",
          "role_file",
          "webhook",
          "members");
  private static final Set<String> MEMBER_KEYS = Set.of("name", "address", "port", "role");
  private static final Set<String> HTTP_KEYS =
      Set.of(
          "listen",
          "active_resource",
          "active_code",
          "inactive_code",
          "user",
          "password_hash",
          "keystore",
          "keystore_password_file",
          "tls");
  private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:-]*");

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
    NodeConfig.Security security = NodeConfig.Security.TLS;
    JsonNode sec = root.get("security");
    if (sec != null) {
      try {
        security = NodeConfig.Security.valueOf(sec.asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problem("security", "expected tls or key, found '" + sec.asText() + "'");
      }
    }
    Path keyFile = null;
    if (security == NodeConfig.Security.KEY) {
      keyFile = pathKey(root, "key_file", base);
    } else if (root.has("key_file")) {
      problem(
          "key_file",
          "used only with 'security: key' (SYM_ENCRYPT); with security: tls (the default) the"
              + " cluster CA in pki_dir authenticates nodes: remove key_file or set security: key");
    }
    Path pkiDir = root.has("pki_dir") ? pathKey(root, "pki_dir", base) : NodeConfig.DEFAULT_PKI_DIR;
    if (security == NodeConfig.Security.KEY && root.has("pki_dir")) {
      problem("pki_dir", "used only with security: tls");
    }
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
    long failureDetectionMs = StackTimings.DEFAULTS.fdTimeoutMs();
    JsonNode fd = root.get("failure_detection_ms");
    if (fd != null) {
      if (fd.isIntegralNumber()
          && fd.asLong() >= MIN_FAILURE_DETECTION_MS
          && fd.asLong() <= MAX_FAILURE_DETECTION_MS) {
        failureDetectionMs = fd.asLong();
      } else {
        problem(
            "failure_detection_ms",
            "expected an integer from "
                + MIN_FAILURE_DETECTION_MS
                + " to "
                + MAX_FAILURE_DETECTION_MS
                + " (ms), found '"
                + fd.asText()
                + "'");
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
    Path pcmkTools =
        root.has("pcmk_tools_dir")
            ? pathKey(root, "pcmk_tools_dir", base)
            : NodeConfig.DEFAULT_PCMK_TOOLS_DIR;
    HttpSettings http = root.has("http") ? http(root.get("http"), base) : null;
    if (http != null && http.clusterTls() && security != NodeConfig.Security.TLS) {
      problem("http.tls", "tls: cluster needs security: tls (the cluster CA and node certificate)");
    }
    Path roleFile = root.has("role_file") ? pathKey(root, "role_file", base) : null;
    if (roleFile != null && (http == null || http.activeResource() == null)) {
      problem(
          "role_file",
          "needs http.active_resource (the resource whose location makes this node active)");
    }
    return new NodeConfig(
        path,
        cluster,
        node,
        members,
        dataDir,
        security,
        security == NodeConfig.Security.TLS ? pkiDir : null,
        keyFile,
        wfa,
        editTimeoutMs,
        ocfRoot,
        fenceDir,
        attributesDir,
        http,
        roleFile,
        failureDetectionMs,
        pcmkTools,
        root.has("webhook") ? webhook(root.get("webhook"), base) : null);
  }

  private WebhookSettings webhook(JsonNode w, Path base) {
    if (!w.isObject()) {
      problem("webhook", "expected a mapping {url, secret_file}");
      return null;
    }
    unknownKeys(w, Set.of("url", "secret_file"), "webhook.");
    String url = text(w, "url", "webhook.url");
    Path secret = pathKey(w, "secret_file", "webhook.secret_file", base);
    if (url == null || secret == null) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      problem("webhook.url", "'" + url + "' is not a URL: " + e.getReason());
      return null;
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      problem("webhook.url", "'" + url + "' is not an http:// or https:// URL with a host");
      return null;
    }
    return new WebhookSettings(uri, secret);
  }

  private HttpSettings http(JsonNode h, Path base) {
    if (!h.isObject()) {
      problem("http", "expected a mapping {listen, active_resource, ...}");
      return null;
    }
    unknownKeys(h, HTTP_KEYS, "http.");
    String listen = text(h, "listen", "http.listen");
    String address = null;
    int port = -1;
    if (listen != null) {
      int colon = listen.lastIndexOf(':');
      try {
        port = colon > 0 ? Integer.parseInt(listen.substring(colon + 1)) : -1;
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (colon <= 0 || port < 0 || port > 65535) {
        problem("http.listen", "expected ADDRESS:PORT (port 0..65535), found '" + listen + "'");
      } else {
        address = listen.substring(0, colon).replaceAll("^\\[|\\]$", "");
        try {
          InetAddress.getByName(address);
        } catch (UnknownHostException e) {
          problem(
              "http.listen", "expected an IP address or resolvable host, found '" + address + "'");
        }
      }
    }
    String active = null;
    if (h.has("active_resource")) {
      active = text(h, "active_resource", "http.active_resource");
      if (active != null && !RESOURCE_ID.matcher(active).matches()) {
        problem("http.active_resource", "expected a resource id, found '" + active + "'");
        active = null;
      }
    }
    int activeCode = httpCode(h, "active_code", 200);
    int inactiveCode = httpCode(h, "inactive_code", 503);
    if (activeCode == inactiveCode) {
      problem("http.inactive_code", "must differ from http.active_code (both " + activeCode + ")");
    }
    String user = h.has("user") ? text(h, "user", "http.user") : null;
    String hash = h.has("password_hash") ? text(h, "password_hash", "http.password_hash") : null;
    if ((user == null) != (hash == null)) {
      problem("http", "basic auth needs both user and password_hash (crm can make the hash)");
    }
    if (user != null && user.contains(":")) {
      problem("http.user", "may not contain ':'");
    }
    if (hash != null) {
      try {
        PasswordHash.validate(hash);
      } catch (IllegalArgumentException e) {
        problem("http.password_hash", e.getMessage());
      }
    }
    Path keystore = h.has("keystore") ? pathKey(h, "keystore", "http.keystore", base) : null;
    Path passFile =
        h.has("keystore_password_file")
            ? pathKey(h, "keystore_password_file", "http.keystore_password_file", base)
            : null;
    if ((keystore == null) != (passFile == null)) {
      problem("http", "HTTPS needs both keystore and keystore_password_file");
    }
    boolean clusterTls = false;
    if (h.has("tls")) {
      if ("cluster".equals(h.get("tls").asText())) {
        clusterTls = true;
        if (keystore != null) {
          problem("http.tls", "either tls: cluster or a keystore, not both");
        }
      } else {
        problem(
            "http.tls",
            "expected 'cluster' (HTTPS with this node's certificate from the cluster CA), found '"
                + h.get("tls").asText()
                + "'");
      }
    }
    if (address == null) {
      return null;
    }
    return new HttpSettings(
        address,
        port,
        active,
        activeCode,
        inactiveCode,
        user,
        hash,
        keystore,
        passFile,
        clusterTls);
  }

  private int httpCode(JsonNode h, String key, int dflt) {
    JsonNode v = h.get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber() || v.asInt() < 100 || v.asInt() > 599) {
      problem("http." + key, "expected an HTTP status code 100..599, found '" + v.asText() + "'");
      return dflt;
    }
    return v.asInt();
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
    return pathKey(n, key, key, base);
  }

  private Path pathKey(JsonNode n, String field, String key, Path base) {
    String v = text(n, field, key);
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
