package org.paceline.membership;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.NON_BLOCKING_SENDS;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * Builds the membership part of the JGroups stack (bottom to top, transport first) from the
 * bootstrap config: the tuned {@code jgroups-tcp-ha.xml} stack. With {@code security: tls} (the
 * default) the TCP transport runs TLS 1.3 with mutual authentication against the cluster CA ({@link
 * ClusterTls}), so every connection (discovery, heartbeats, joins, views, merges, Raft) is
 * encrypted and integrity-protected and a process without a certificate from that CA cannot even
 * connect. With {@code security: key} SYM_ENCRYPT sits directly above the transport instead, keyed
 * by the shared cluster key. Built in code rather than from XML so keys are handed over in memory
 * and never appear in a file, property or argv.
 */
public final class ClusterStack {
  /** The cipher SYM_ENCRYPT uses for every message. */
  static final String SYM_ALGORITHM = "AES/CBC/PKCS5Padding";

  /** AES block size: the random IV sent with each message. */
  static final int SYM_IV_LENGTH = 16;

  /** STABLE gossip interval. */
  public static final long STABLE_GOSSIP_MS = 10_000;

  /** STABLE: bytes received before a stability round is forced. */
  public static final long STABLE_MAX_BYTES = 1_000_000;

  /** Retransmission interval of NAKACK2 and UNICAST3. */
  public static final long XMIT_INTERVAL_MS = 200;

  /** FRAG2 fragment size. */
  public static final int FRAG_SIZE = 60_000;

  /** Transport thread pool ceiling. */
  public static final int MAX_THREADS = 50;

  private ClusterStack() {}

  /** The protocols from the transport up to FRAG2; callers append their own protocols on top. */
  public static List<Protocol> membershipProtocols(
      NodeConfig config, TransportSecurity security, StackTimings t) throws IOException {
    return membershipProtocols(config, security, t, NodeSoftware.current());
  }

  /**
   * The protocols of a node running {@code software}: it joins (and lets join) only members of its
   * protocol generation ({@link ProtocolCheck}).
   */
  public static List<Protocol> membershipProtocols(
      NodeConfig config, TransportSecurity security, StackTimings t, NodeSoftware software)
      throws IOException {
    Peer self = config.self();
    List<InetSocketAddress> hosts = new ArrayList<>();
    for (Peer p : config.members()) {
      hosts.add(new InetSocketAddress(InetAddress.getByName(p.address()), p.port()));
    }
    TCP tcp = new TCP();
    tcp.setBindAddress(InetAddress.getByName(self.address()));
    tcp.setBindPort(self.port());
    tcp.setValue("port_range", 0);
    tcp.setValue("tcp_nodelay", true);
    tcp.setValue("sock_conn_timeout", (int) t.sockConnTimeoutMs());
    tcp.setValue("diag_handler", null);
    // One sender thread per destination. With the default single bundler thread, every message
    // to a member whose cable was pulled (Raft heartbeats, discovery, retransmissions) had to
    // reconnect first, after the view change closed its connection: sock_conn_timeout of
    // silence for everyone else, each time. The two survivors then stopped hearing each other
    // for a second, suspected each other, and split (seen in the lab's power-off faults).
    tcp.setValue("bundler_type", "per-destination");
    tcp.getThreadPool().setMinThreads(0).setMaxThreads(MAX_THREADS);
    if (security instanceof ClusterTls tls) {
      // TLS 1.3, client_auth=NEED, the cluster CA as the only trust anchor: what JGroups' own
      // TCP tls.* properties set up, but from keys in memory (never a password in a property).
      tcp.setSocketFactory(tls.jgroupsSocketFactory());
    }

    TCPPING ping = new TCPPING();
    ping.setInitialHosts(hosts);
    ping.setPortRange(0);
    ping.setValue("async_discovery", true);
    ping.setValue("return_entire_cache", true);

    MERGE3 merge = new MERGE3();
    merge.setMinInterval(t.mergeMinIntervalMs());
    merge.setMaxInterval(t.mergeMaxIntervalMs());
    merge.setCheckInterval(t.mergeCheckIntervalMs());

    FD_SOCK2 fdSock = new FD_SOCK2();
    // Without it the server binds the wildcard and announces 0.0.0.0 as its address: every
    // CONNECT-RSP then went back to the sender's own server, no ping connection was ever made,
    // and each view change raised false suspicions (and no crash was detected by a closed socket).
    fdSock.setBindAddress(InetAddress.getByName(self.address()));
    fdSock.setValue("offset", t.fdSockPortOffset());
    fdSock.setValue("port_range", 1);
    fdSock.setValue("connect_timeout", (int) t.sockConnTimeoutMs());

    FD_ALL3 fdAll = new FD_ALL3();
    fdAll.setTimeout(t.fdTimeoutMs());
    fdAll.setInterval(t.fdIntervalMs());

    VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
    verify.setTimeout(t.verifySuspectTimeoutMs());

    SYM_ENCRYPT encrypt = null;
    if (security instanceof ClusterKey key) {
      encrypt = new SYM_ENCRYPT();
      // JGroups' default "AES" is the JDK's AES/ECB: equal blocks encrypt equally. CBC with a
      // fresh random IV per message hides that; integrity still rests on the key being secret
      // (docs/architecture.md, "Cluster security": why TLS is the default).
      encrypt.setValue("sym_algorithm", SYM_ALGORITHM);
      encrypt.setValue("sym_iv_length", SYM_IV_LENGTH);
      encrypt.setSecretKey(key.secretKey());
    }

    NAKACK2 nakack = new NAKACK2();
    nakack.setValue("use_mcast_xmit", false);
    nakack.setValue("xmit_interval", XMIT_INTERVAL_MS);

    UNICAST3 unicast = new UNICAST3();
    unicast.setValue("xmit_interval", XMIT_INTERVAL_MS);

    STABLE stable = new STABLE();
    stable.setValue("desired_avg_gossip", STABLE_GOSSIP_MS);
    stable.setValue("max_bytes", STABLE_MAX_BYTES);

    GMS gms = new GMS();
    gms.setValue("print_local_addr", false);
    gms.setValue("print_physical_addrs", false);
    gms.setJoinTimeout(t.joinTimeoutMs());
    gms.setViewAckCollectionTimeout(t.viewAckTimeoutMs());
    gms.setLeaveTimeout(t.leaveTimeoutMs());
    gms.setMergeTimeout(t.mergeTimeoutMs());

    FRAG2 frag = new FRAG2();
    frag.setValue("frag_size", FRAG_SIZE);

    List<Protocol> stack = new ArrayList<>();
    stack.add(tcp);
    stack.add(new NON_BLOCKING_SENDS());
    // Directly above the transport: discovery, MERGE3 and heartbeats are encrypted too. Under
    // NAKACK2 only, a keyless process still answered discovery and led merges, which kept keyed
    // nodes from forming (seen in MembershipKeyTest).
    if (encrypt != null) {
      stack.add(encrypt);
    }
    stack.add(ping);
    stack.add(merge);
    stack.add(fdSock);
    stack.add(fdAll);
    stack.add(verify);
    stack.add(new BARRIER());
    stack.add(nakack);
    stack.add(unicast);
    stack.add(stable);
    // Below GMS, where join and merge requests pass: refuses members of another protocol
    // generation.
    stack.add(new ProtocolCheck(software));
    stack.add(new NoDuplicateMembers());
    stack.add(gms);
    stack.add(frag);
    return stack;
  }
}
