package org.paceline.membership;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node-local bootstrap configuration (YAML, {@code /etc/paceline/node.yaml}): which cluster
 * this node belongs to, who it is, who its peers are, and where it keeps its data and key.
 * Everything else is cluster configuration, replicated through Raft.
 *
 * @param source the file it was read from (for messages)
 * @param clusterName cluster name; also the JGroups cluster name
 * @param nodeName this node's name; must be one of {@code members}
 * @param members every configured voter including this node and the witness, sorted by name
 * @param dataDir where the Raft log, snapshots and the admin socket live (created 0700)
 * @param security how cluster traffic is protected: TLS with the cluster CA (default) or the key
 * @param pkiDir the cluster CA and this node's certificate ({@link ClusterCa}); with {@code tls}
 * @param keyFile the cluster key (AES, 0600) for {@code security: key}, else null
 * @param waitForAll no cluster decisions until every configured voter was seen once
 * @param editTimeoutMs how long an edit waits for a majority commit before it is refused
 * @param ocfRoot the OCF root the executor finds agents in ({@code resource.d/PROVIDER/TYPE})
 * @param fenceAgentDir where {@code fence_*} agents are looked up
 * @param attributesDir where agents leave this node's transient attributes (one file per attribute,
 *     e.g. a promotion score); on tmpfs, so a reboot clears them as in Pacemaker
 * @param http the status HTTP API to serve, or null for none
 * @param roleFile where to keep this node's role (active/standby), or null for none
 * @param failureDetectionMs how long a member may stay silent before it is suspected (FD_ALL3)
 * @param pcmkToolsDir Paceline's versions of the Pacemaker commands agents call ({@code
 *     crm_attribute}, {@code crm_master}): put first on every agent's {@code PATH} and given as
 *     {@code HA_SBIN_DIR} when it exists
 * @param webhook where alert events are POSTed besides the alert agents, or null for nowhere
 */
public record NodeConfig(
    Path source,
    String clusterName,
    String nodeName,
    List<Peer> members,
    Path dataDir,
    Security security,
    Path pkiDir,
    Path keyFile,
    boolean waitForAll,
    long editTimeoutMs,
    Path ocfRoot,
    Path fenceAgentDir,
    Path attributesDir,
    HttpSettings http,
    Path roleFile,
    long failureDetectionMs,
    Path pcmkToolsDir,
    WebhookSettings webhook) {
  /** {@code security}: how cluster traffic is authenticated and encrypted. */
  public enum Security {
    /** TLS 1.3 with mutual authentication against the cluster CA (the default). */
    TLS,
    /** SYM_ENCRYPT with the shared cluster key file (the fallback). */
    KEY;

    /** The word used in node.yaml. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Default {@code pki_dir}. */
  public static final Path DEFAULT_PKI_DIR = Path.of("/etc/paceline/pki");

  /** Default {@code attributes_dir}. */
  public static final Path DEFAULT_ATTRIBUTES_DIR = Path.of("/run/paceline/attributes");

  /** Default {@code pcmk_tools_dir}: where the RPM installs the Pacemaker-compatible commands. */
  public static final Path DEFAULT_PCMK_TOOLS_DIR = Path.of("/usr/lib/paceline/pcmk");

  /** Default {@code ocf_root}: where Debian's and RHEL's resource-agents install. */
  public static final Path DEFAULT_OCF_ROOT = Path.of("/usr/lib/ocf");

  /** Default {@code fence_agent_dir}: where fence-agents installs. */
  public static final Path DEFAULT_FENCE_AGENT_DIR = Path.of("/usr/sbin");

  /** Default for {@code edit_timeout_ms}: longer than an election (~0.5 s) plus a retry. */
  public static final long DEFAULT_EDIT_TIMEOUT_MS = 5_000;

  public NodeConfig {
    members = List.copyOf(members);
  }

  /**
   * The JGroups timings for this node: the lab-measured defaults with {@code failure_detection_ms}
   * as FD_ALL3's timeout and a quarter of it as the heartbeat interval (four missed heartbeats).
   * The double check of a suspicion (VERIFY_SUSPECT2) takes a fifth of it, at most the default 300
   * ms: an are-you-alive round trip on a LAN takes milliseconds even on a loaded machine.
   */
  public StackTimings stackTimings() {
    StackTimings d = StackTimings.DEFAULTS;
    return new StackTimings(
        d.sockConnTimeoutMs(),
        failureDetectionMs,
        Math.max(100, failureDetectionMs / 4),
        Math.min(d.verifySuspectTimeoutMs(), Math.max(100, failureDetectionMs / 5)),
        d.mergeMinIntervalMs(),
        d.mergeMaxIntervalMs(),
        d.mergeCheckIntervalMs(),
        d.joinTimeoutMs(),
        d.viewAckTimeoutMs(),
        d.leaveTimeoutMs(),
        d.mergeTimeoutMs(),
        d.fdSockPortOffset());
  }

  /** This node's own entry. */
  public Peer self() {
    return member(nodeName).orElseThrow();
  }

  /** A member by name. */
  public Optional<Peer> member(String name) {
    return members.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The Raft member ids: every configured voter and witness. */
  public List<String> raftMembers() {
    return members.stream().map(Peer::name).sorted().toList();
  }

  /** The admin socket of this node's daemon. */
  public Path adminSocket() {
    return dataDir.resolve("admin.sock");
  }
}
