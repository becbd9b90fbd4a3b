package org.paceline.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.paceline.daemon.AdminClient;
import org.paceline.daemon.AdminProtocol;
import org.paceline.membership.ClusterCa;
import org.paceline.membership.ClusterKey;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.NodeConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crm cluster start|join|remove|nodes|status|property}: cluster lifecycle. {@code start} and
 * {@code join} prepare a node on disk (key, data dir); the others talk to the local daemon over its
 * admin socket ({@link AdminProtocol}).
 */
@Command(
    name = "cluster",
    description = "Cluster lifecycle: start, join, remove, nodes, status, property.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Join.class,
      ClusterCommand.Remove.class,
      ClusterCommand.Nodes.class,
      ClusterCommand.Status.class,
      ClusterCommand.Property.class
    })
public final class ClusterCommand implements Runnable {
  /** Where the bootstrap file is by default. */
  public static final String DEFAULT_CONFIG = "/etc/paceline/node.yaml";

  /** Exit code when the daemon is unreachable or refuses (sysexits EX_UNAVAILABLE). */
  public static final int UNAVAILABLE = 69;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The {@code --config} option shared by every subcommand. */
  static final class ConfigOption {
    @Option(
        names = "--config",
        description = "Node bootstrap file (default: " + DEFAULT_CONFIG + ").",
        defaultValue = DEFAULT_CONFIG)
    Path config;

    /** The loaded config, or null after printing the problems. */
    NodeConfig load(PrintWriter err) {
      NodeConfigLoader.Result r = NodeConfigLoader.load(config);
      if (r instanceof NodeConfigLoader.Invalid bad) {
        err.println("error: invalid node configuration:\n" + bad.message());
        return null;
      }
      return ((NodeConfigLoader.Loaded) r).config();
    }
  }

  static boolean isEmptyDir(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** The file whose presence means this node already belongs to a cluster. */
  static Path secretMarker(NodeConfig c) {
    return c.security() == NodeConfig.Security.TLS
        ? c.pkiDir().resolve(ClusterCa.CA_CERT)
        : c.keyFile();
  }

  static void createDataDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  /** Calls the local daemon and prints the body; returns the exit code. */
  static int callDaemon(NodeConfig c, String request, PrintWriter out, PrintWriter err) {
    String answer;
    try {
      answer = AdminClient.call(c.adminSocket(), request);
    } catch (IOException e) {
      err.println(
          "error: cannot reach the paceline daemon at "
              + c.adminSocket()
              + " ("
              + e.getMessage()
              + "); is it running (bin/paceline --config "
              + c.source()
              + ")?");
      return UNAVAILABLE;
    }
    int nl = answer.indexOf('\n');
    String first = nl < 0 ? answer : answer.substring(0, nl);
    String body = nl < 0 ? "" : answer.substring(nl + 1);
    if (!first.equals(AdminProtocol.OK)) {
      err.println(first.startsWith(AdminProtocol.ERROR) ? "error: " + first.substring(7) : first);
      return UNAVAILABLE;
    }
    if (!body.isEmpty()) {
      out.println(body);
    }
    return ExitCodes.OK;
  }

  /** {@code crm cluster start}: make this node the first node of a new cluster. */
  @Command(
      name = "start",
      description =
          "Create a new cluster on this node: the cluster CA and this node's certificate in"
              + " pki_dir (or, with security: key, the cluster key) and the data dir. Then run:"
              + " bin/paceline --config FILE",
      mixinStandardHelpOptions = true)
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption opt;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      NodeConfig c = opt.load(err);
      if (c == null) {
        return ExitCodes.INVALID_INPUT;
      }
      Path marker = secretMarker(c);
      if (Files.exists(marker)) {
        err.println(
            "error: "
                + marker
                + " exists: this node already belongs to a cluster; to start over remove "
                + (c.security() == NodeConfig.Security.TLS ? c.pkiDir() : c.keyFile())
                + " and "
                + c.dataDir());
        return ExitCodes.CANT_CREATE;
      }
      if (!isEmptyDir(c.dataDir())) {
        err.println("error: data dir " + c.dataDir() + " is not empty; refusing to reuse it");
        return ExitCodes.CANT_CREATE;
      }
      if (c.security() == NodeConfig.Security.TLS) {
        ClusterCa.createCa(c.pkiDir(), c.clusterName());
        ClusterCa.issueNode(c.pkiDir(), c.nodeName(), c.self().address());
      } else {
        ClusterKey.generate(c.keyFile());
      }
      createDataDir(c.dataDir());
      out.println("cluster '" + c.clusterName() + "' created on node " + c.nodeName());
      if (c.security() == NodeConfig.Security.TLS) {
        out.println(
            "cluster CA and this node's certificate: "
                + c.pkiDir()
                + " (keys 0600; crm cluster join copies the CA to each node and issues its"
                + " certificate)");
      } else {
        out.println("key: " + c.keyFile() + " (0600; copy it to each node with crm cluster join)");
      }
      out.println("next: bin/paceline --config " + c.source());
      return ExitCodes.OK;
    }
  }

  /** {@code crm cluster join NODE}: prepare this (empty) node to join an existing cluster. */
  @Command(
      name = "join",
      description =
          "Prepare this node to join the cluster of EXISTING: refuses unless this node is empty;"
              + " copies the cluster CA from --ca-from DIR or with scp from EXISTING's pki_dir and"
              + " issues this node's certificate (with security: key: copies the key from"
              + " --key-from or EXISTING's key_file).",
      mixinStandardHelpOptions = true)
  static final class Join implements Callable<Integer> {
    /** Longest wait for scp to fetch the key. */
    static final long SCP_TIMEOUT_MS = 30_000;

    @Spec CommandSpec spec;
    @Mixin ConfigOption opt;

    @Parameters(index = "0", paramLabel = "EXISTING", description = "A node of the cluster.")
    String existing;

    @Option(
        names = "--key-from",
        description = "With security: key: the cluster key file to copy (mode 0600).")
    Path keyFrom;

    @Option(
        names = "--ca-from",
        paramLabel = "DIR",
        description =
            "A directory with the cluster CA (ca.crt, ca.key 0600) to copy, e.g. fetched with scp"
                + " for an offline install; default: scp from EXISTING's pki_dir.")
    Path caFrom;

    private static boolean scp(String remote, Path to) throws Exception {
      Process p =
          new ProcessBuilder(List.of("scp", "-q", "-p", remote, to.toString())).inheritIO().start();
      if (!p.waitFor(SCP_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
          || p.exitValue() != 0) {
        p.destroyForcibly();
        return false;
      }
      return true;
    }

    private static void deleteTree(Path dir) throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      NodeConfig c = opt.load(err);
      if (c == null) {
        return ExitCodes.INVALID_INPUT;
      }
      if (c.member(existing).isEmpty() || existing.equals(c.nodeName())) {
        err.println(
            "error: '"
                + existing
                + "' is not another member in "
                + c.source()
                + " (members: "
                + c.raftMembers()
                + ")");
        return ExitCodes.USAGE;
      }
      Path marker = secretMarker(c);
      if (Files.exists(marker) || !isEmptyDir(c.dataDir())) {
        err.println(
            "error: this node is not empty ("
                + (Files.exists(marker) ? marker + " exists" : c.dataDir() + " has data")
                + "); a joining node must be fresh: it takes the cluster's configuration, never"
                + " offers its own");
        return ExitCodes.CANT_CREATE;
      }
      String remoteHost = "root@" + c.member(existing).get().address();
      if (c.security() == NodeConfig.Security.TLS) {
        if (keyFrom != null) {
          err.println("error: --key-from is for security: key; with TLS use --ca-from DIR");
          return ExitCodes.USAGE;
        }
        Path from = caFrom;
        Path tmp = null;
        if (from == null) {
          Path parent = c.pkiDir().toAbsolutePath().getParent();
          Files.createDirectories(parent);
          tmp = Files.createTempDirectory(parent, ".ca-");
          ClusterCa.createPkiDir(tmp);
          for (String f : List.of(ClusterCa.CA_CERT, ClusterCa.CA_KEY)) {
            String remote = remoteHost + ":" + c.pkiDir().resolve(f);
            if (!scp(remote, tmp.resolve(f))) {
              deleteTree(tmp);
              err.println("error: could not copy the cluster CA from " + remote);
              return UNAVAILABLE;
            }
          }
          from = tmp;
        }
        try {
          ClusterCa.copyCa(from, c.pkiDir());
          ClusterCa.issueNode(c.pkiDir(), c.nodeName(), c.self().address());
        } catch (IOException e) {
          err.println("error: " + e.getMessage());
          return ExitCodes.CANT_CREATE;
        } finally {
          if (tmp != null) {
            deleteTree(tmp);
          }
        }
      } else if (caFrom != null) {
        err.println(
            "error: --ca-from is for security: tls; with security: key use --key-from FILE");
        return ExitCodes.USAGE;
      } else if (keyFrom != null) {
        ClusterKey.copy(keyFrom, c.keyFile());
      } else {
        String remote = remoteHost + ":" + c.keyFile();
        Path tmp = c.keyFile().resolveSibling(c.keyFile().getFileName() + ".part");
        if (!scp(remote, tmp)) {
          Files.deleteIfExists(tmp);
          err.println("error: could not copy the cluster key from " + remote);
          return UNAVAILABLE;
        }
        ClusterKey.copy(tmp, c.keyFile());
        Files.delete(tmp);
      }
      createDataDir(c.dataDir());
      // The daemon asks the cluster to add this node as a Raft voter and records its address in
      // the replicated configuration, then removes the marker (NodeDaemon.completeJoin).
      Files.writeString(
          c.dataDir().resolve(org.paceline.daemon.NodeDaemon.JOIN_PENDING), existing + "\n");
      out.println("node " + c.nodeName() + " ready to join via " + existing);
      out.println("next: bin/paceline --config " + c.source());
      return ExitCodes.OK;
    }
  }

  /** {@code crm cluster remove NODE}: remove a (down) node; needs quorum. */
  @Command(
      name = "remove",
      description = "Remove a down node from the cluster (Raft membership and CIB); needs quorum.",
      mixinStandardHelpOptions = true)
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption opt;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Override
    public Integer call() {
      NodeConfig c = opt.load(spec.commandLine().getErr());
      return c == null
          ? ExitCodes.INVALID_INPUT
          : callDaemon(
              c, "remove " + node, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** {@code crm cluster nodes}: name, address, state, role, last seen, release/protocol. */
  @Command(
      name = "nodes",
      description =
          "List members: name, address, online/offline, DC/voter/witness, last seen, and the"
              + " software an online member runs (release/protocol, e.g. 0.1.0/p1).",
      mixinStandardHelpOptions = true)
  static final class Nodes implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption opt;

    @Override
    public Integer call() {
      NodeConfig c = opt.load(spec.commandLine().getErr());
      return c == null
          ? ExitCodes.INVALID_INPUT
          : callDaemon(c, "nodes", spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** {@code crm cluster status}: quorum, DC, view and CIB version as key=value lines. */
  @Command(
      name = "status",
      description =
          "Quorum, DC, view, Raft term, CIB version, and this node's software (release,"
              + " protocol; software_mixed=true while members run different releases).",
      mixinStandardHelpOptions = true)
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption opt;

    @Override
    public Integer call() {
      NodeConfig c = opt.load(spec.commandLine().getErr());
      return c == null
          ? ExitCodes.INVALID_INPUT
          : callDaemon(c, "status", spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** {@code crm cluster property NAME=VALUE}: a replicated edit, acknowledged after commit. */
  @Command(
      name = "property",
      description = "Set a cluster property; acknowledged only after a majority commit.",
      mixinStandardHelpOptions = true)
  static final class Property implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption opt;

    @Parameters(index = "0", paramLabel = "NAME=VALUE")
    String assignment;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        err.println("error: expected NAME=VALUE, found '" + assignment + "'");
        return ExitCodes.USAGE;
      }
      NodeConfig c = opt.load(err);
      return c == null
          ? ExitCodes.INVALID_INPUT
          : callDaemon(
              c,
              "property " + assignment.substring(0, eq) + " " + assignment.substring(eq + 1),
              spec.commandLine().getOut(),
              err);
    }
  }
}
