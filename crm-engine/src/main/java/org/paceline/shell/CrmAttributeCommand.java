package org.paceline.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvSet;
import org.paceline.daemon.VersionProvider;
import org.paceline.membership.NodeConfigLoader;
import org.paceline.replication.ConfigEntry;
import org.paceline.replication.ConfigurationEdits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pacemaker's {@code crm_attribute}, as agents and operators call it, for Paceline: query, update
 * or delete a node attribute, transient ({@code -l reboot}, the status section) or permanent
 * ({@code -l forever}, the node's configuration), or a promotion score ({@code --promotion}: the
 * transient {@code master-RESOURCE} of the local node). It talks to the local daemon over its admin
 * socket ({@code PACELINE_ADMIN_SOCKET}, which the executor gives every agent, else the one of
 * {@code PACELINE_CONFIG} or /etc/paceline/node.yaml); with {@code CIB_file} set it works on that
 * file instead, as Pacemaker's tools do.
 *
 * <p>Output and exit codes are Pacemaker 2.1.5's, measured on its crm_attribute: a query prints
 * {@code scope=SCOPE name=NAME value=VALUE} (with {@code -q} the value alone); a missing attribute
 * is exit 105 with "Error performing operation: No such device or address"; an unknown node is exit
 * 105; a delete of a missing attribute succeeds; {@code -d} answers a default for a missing one.
 */
@Command(
    name = "crm_attribute",
    versionProvider = VersionProvider.class,
    description = "Query, update or delete a node attribute or a promotion score (Paceline).")
public final class CrmAttributeCommand extends PcmkTool {
  /** Pacemaker's exit codes (crm_exit_t) that its attribute tools return. */
  static final int EX_USAGE = 64;

  static final int EX_CONFIG = 78;
  static final int EX_DISCONNECT = 102;
  static final int EX_NOSUCH = 105;
  static final int EX_ERROR = 1;

  @Option(
      names = {"-n", "--name"},
      paramLabel = "NAME",
      description = "The attribute's name.")
  String name;

  @Option(
      names = {"-p", "--promotion"},
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "RESOURCE",
      description =
          "Operate on the promotion score master-RESOURCE (RESOURCE: default"
              + " OCF_RESOURCE_INSTANCE); lifetime reboot unless -l says otherwise.")
  String promotion;

  @picocli.CommandLine.Mixin AttributeOptions o = new AttributeOptions();

  @Option(
      names = {"-t", "--type"},
      paramLabel = "SECTION",
      description = "status (as -l reboot) or nodes (as -l forever).")
  String type;

  @Option(
      names = {"-d", "--default"},
      paramLabel = "VALUE",
      description = "With -G, the value to print when the attribute does not exist.")
  String defaultValue;

  CrmAttributeCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    super(env, out, err);
  }

  public static void main(String[] args) {
    PcmkTool.main(CrmAttributeCommand::new, args);
  }

  /** Runs one invocation (tests call this directly). */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return PcmkTool.run(CrmAttributeCommand::new, args, env, out, err);
  }

  @Override
  public Integer call() {
    return execute();
  }

  /** The attribute operation, once the options are checked. */
  Integer execute() {
    if (promotion != null) {
      String rsc = promotion.isEmpty() ? env.get("OCF_RESOURCE_INSTANCE") : promotion;
      if (rsc == null || rsc.isEmpty()) {
        err.println(
            "crm_attribute: --promotion needs a resource (none given, OCF_RESOURCE_INSTANCE unset)");
        return EX_USAGE;
      }
      name = "master-" + rsc;
      if (o.lifetime == null && type == null) {
        o.lifetime = "reboot";
      }
    }
    if (name == null || name.isEmpty()) {
      err.println("crm_attribute: an attribute name (-n) is required");
      return EX_USAGE;
    }
    int ops = (o.query ? 1 : 0) + (o.delete ? 1 : 0) + (o.update != null ? 1 : 0);
    if (ops > 1) {
      err.println("crm_attribute: -G, -v and -D exclude each other");
      return EX_USAGE;
    }
    String life = lifetime();
    if (life == null) {
      err.println(
          "crm_attribute: lifetime '"
              + (o.lifetime != null ? o.lifetime : type)
              + "' is not supported: use reboot (status) or forever (nodes)");
      return EX_USAGE;
    }
    String scope = life.equals("reboot") ? "status" : "nodes";
    Backend b = backend();
    try {
      if (o.update != null) {
        b.set(life, o.node, name, o.update);
        return 0;
      }
      if (o.delete) {
        Optional<String> id = b.set(life, o.node, name, null);
        if (id.isPresent() && !o.quiet) {
          out.println("Deleted " + scope + " attribute: id=" + id.get() + " name=" + name);
        }
        return 0;
      }
      Optional<String> v = b.get(life, o.node, name);
      if (v.isEmpty() && defaultValue == null) {
        err.println("crm_attribute: Error performing operation: No such device or address");
        return EX_NOSUCH;
      }
      String value = v.orElse(defaultValue);
      out.println(o.quiet ? value : "scope=" + scope + "  name=" + name + " value=" + value);
      return 0;
    } catch (Failure f) {
      err.println("crm_attribute: " + f.getMessage());
      return f.code;
    }
  }

  /** reboot or forever from -l/-t; Pacemaker's default is forever (nodes) for a node attribute. */
  private String lifetime() {
    String l = o.lifetime != null ? o.lifetime : type;
    if (l == null) {
      return "forever";
    }
    return switch (l) {
      case "reboot", "status" -> "reboot";
      case "forever", "nodes" -> "forever";
      default -> null;
    };
  }

  /** A failed request, with Pacemaker's exit code for it. */
  static final class Failure extends Exception {
    final int code;

    Failure(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** Where attributes are read and written. */
  interface Backend {
    Optional<String> get(String lifetime, String node, String name) throws Failure;

    /**
     * Sets (null value: deletes) an attribute; for a delete, the id of the nvpair it removed, or
     * empty when there was none.
     */
    Optional<String> set(String lifetime, String node, String name, String value) throws Failure;
  }

  private Backend backend() {
    String file = env.get("CIB_file");
    if (file != null && !file.isEmpty()) {
      return new CibFileBackend(Path.of(file), env.get("OCF_RESKEY_CRM_meta_on_node"));
    }
    return new DaemonBackend(env);
  }

  /**
   * The local daemon's admin socket: {@code PACELINE_ADMIN_SOCKET} (the executor sets it for
   * agents), else that of {@code PACELINE_CONFIG} or /etc/paceline/node.yaml; null when none.
   */
  static Path socket(Map<String, String> env) {
    String s = env.get("PACELINE_ADMIN_SOCKET");
    if (s != null && !s.isEmpty()) {
      return Path.of(s);
    }
    String config = env.getOrDefault("PACELINE_CONFIG", ClusterCommand.DEFAULT_CONFIG);
    NodeConfigLoader.Result r = NodeConfigLoader.load(Path.of(config));
    if (r instanceof NodeConfigLoader.Loaded l) {
      return l.config().adminSocket();
    }
    return null;
  }

  /** The local daemon, over its admin socket ({@code attr ...} requests). */
  static final class DaemonBackend implements Backend {
    private final Map<String, String> env;

    DaemonBackend(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Optional<String> get(String lifetime, String node, String name) throws Failure {
      try {
        return Optional.of(
            PcmkDaemon.call(env, "attr get " + lifetime + " " + target(node) + " " + name));
      } catch (Failure f) {
        if (PcmkDaemon.noSuchAttribute(f)) {
          return Optional.empty();
        }
        throw f;
      }
    }

    @Override
    public Optional<String> set(String lifetime, String node, String name, String value)
        throws Failure {
      String answer =
          PcmkDaemon.call(
              env,
              value == null
                  ? "attr delete " + lifetime + " " + target(node) + " " + name
                  : "attr set " + lifetime + " " + target(node) + " " + name + " " + value);
      return answer.startsWith("deleted id=")
          ? Optional.of(answer.substring("deleted id=".length()).strip())
          : Optional.empty();
    }

    private static String target(String node) {
      return node == null ? "-" : node;
    }
  }

  /** A CIB file ({@code CIB_file}), as Pacemaker's tools use one. */
  static final class CibFileBackend implements Backend {
    private final Path file;
    private final String localNode;

    CibFileBackend(Path file, String localNode) {
      this.file = file;
      this.localNode = localNode;
    }

    private Cib read() throws Failure {
      try {
        return CibXmlReader.read(file).cib();
      } catch (CibFormatException | RuntimeException e) {
        throw new Failure(EX_CONFIG, file + ": " + e.getMessage());
      }
    }

    private String node(Cib cib, String node) throws Failure {
      String n = node != null ? node : localNode;
      if (n == null) {
        throw new Failure(EX_USAGE, "with CIB_file, name the node (-N)");
      }
      if (cib.configuration().node(n).isEmpty() && cib.nodeState(n).isEmpty()) {
        throw new Failure(EX_NOSUCH, "Could not map name=" + n + " to a UUID");
      }
      return n;
    }

    @Override
    public Optional<String> get(String lifetime, String node, String name) throws Failure {
      Cib cib = read();
      String n = node(cib, node);
      if (lifetime.equals("forever")) {
        return cib.configuration().node(n).flatMap(x -> NvSet.lookup(x.instanceAttributes(), name));
      }
      return cib.nodeState(n)
          .map(NodeState::transientAttributes)
          .flatMap(sets -> NvSet.lookup(sets, name));
    }

    @Override
    public Optional<String> set(String lifetime, String node, String name, String value)
        throws Failure {
      Cib cib = read();
      String n = node(cib, node);
      if (!lifetime.equals("forever")) {
        throw new Failure(EX_ERROR, "with CIB_file, only permanent (-l forever) attributes change");
      }
      Optional<String> existing =
          cib.configuration().node(n).stream()
              .flatMap(x -> x.instanceAttributes().stream())
              .flatMap(set -> set.nvpairs().stream())
              .filter(p -> p.name().equals(name))
              .map(org.paceline.cib.NvPair::id)
              .findFirst();
      ConfigurationEdits.Outcome o =
          ConfigurationEdits.apply(cib, new ConfigEntry.SetNodeAttribute(n, name, value));
      if (!(o instanceof ConfigurationEdits.Applied a)) {
        throw new Failure(EX_ERROR, ((ConfigurationEdits.Rejected) o).reason());
      }
      try {
        CibXmlWriter.write(a.cib(), file);
      } catch (IOException e) {
        throw new Failure(EX_ERROR, "cannot write " + file + ": " + e.getMessage());
      }
      return value == null ? existing : Optional.empty();
    }
  }
}
