package org.paceline.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.PhysicalAddress;
import org.jgroups.protocols.TCPPING;
import org.jgroups.stack.IpAddress;
import org.paceline.cib.Cib;
import org.paceline.membership.ClusterChannel;
import org.paceline.membership.NodeConfig;
import org.paceline.membership.Peer;
import org.paceline.membership.VoterRole;
import org.paceline.replication.ConfigurationEdits;

/**
 * Members not in node.yaml, learnt from the replicated configuration (they joined later): they go
 * into TCPPING's initial hosts, so this node finds them after a restart or a partition though its
 * node.yaml does not list them, and into {@code crm cluster nodes}.
 */
final class LearnedPeers {
  private final NodeConfig config;
  private final ClusterChannel channel;
  private final DaemonLog log;
  private final Map<String, Peer> learned = new ConcurrentHashMap<>();

  LearnedPeers(NodeConfig config, ClusterChannel channel, DaemonLog log) {
    this.config = config;
    this.channel = channel;
    this.log = log;
  }

  /** Every member this node knows: node.yaml's, then the learnt ones, by name. */
  Map<String, Peer> all() {
    Map<String, Peer> all = new TreeMap<>();
    for (Peer p : config.members()) {
      all.put(p.name(), p);
    }
    learned.forEach(all::putIfAbsent);
    return all;
  }

  /** Learns the members {@code cib} records that node.yaml does not list. */
  void learn(Cib cib) {
    Map<String, Peer> now = new TreeMap<>();
    for (org.paceline.cib.Node n : cib.configuration().nodes()) {
      String addr = n.otherAttributes().get(ConfigurationEdits.ADDRESS_ATTRIBUTE);
      String port = n.otherAttributes().get(ConfigurationEdits.PORT_ATTRIBUTE);
      if (addr == null || port == null || config.member(n.uname()).isPresent()) {
        continue;
      }
      String role = n.otherAttributes().getOrDefault(ConfigurationEdits.ROLE_ATTRIBUTE, "voter");
      try {
        now.put(
            n.uname(),
            new Peer(
                n.uname(),
                addr,
                Integer.parseInt(port),
                VoterRole.valueOf(role.toUpperCase(Locale.ROOT))));
      } catch (IllegalArgumentException e) {
        log.info("ignoring unreadable node address", "node", n.uname(), "error", e.getMessage());
      }
    }
    learned.keySet().retainAll(now.keySet());
    for (Peer p : now.values()) {
      if (!p.equals(learned.put(p.name(), p))) {
        addInitialHost(p);
      }
    }
  }

  private void addInitialHost(Peer p) {
    TCPPING ping = channel.jchannel().getProtocolStack().findProtocol(TCPPING.class);
    try {
      List<PhysicalAddress> hosts = new ArrayList<>(ping.getInitialHosts());
      PhysicalAddress a = new IpAddress(p.address(), p.port());
      if (!hosts.contains(a)) {
        hosts.add(a);
        ping.setInitialHosts2(hosts);
        log.info("learnt member from the configuration", "node", p.name(), "address", a);
      }
    } catch (Exception e) {
      log.info("cannot add discovery host", "node", p.name(), "error", e.getMessage());
    }
  }
}
