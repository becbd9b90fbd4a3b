package org.paceline.membership;

import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.AuthHeader;
import org.jgroups.protocols.pbcast.GMS;

/**
 * JGroups AUTH below GMS that admits a joining or merging node only if it runs the same {@link
 * NodeSoftware#PROTOCOL} generation, and tells a refused node why: its {@code connect} fails with a
 * {@link SecurityException} whose message names both releases and protocols. Nodes of different
 * releases but one generation (a rolling upgrade) are admitted.
 */
final class ProtocolCheck extends AUTH {
  /** JGroups protocol id (ids below 1000 are JGroups' own; jgroups-raft's are 520-524). */
  static final short ID = 1801;

  static {
    ClassConfigurator.addProtocol(ID, ProtocolCheck.class);
  }

  private final NodeSoftware self;

  ProtocolCheck(NodeSoftware self) {
    this.self = self;
    setAuthToken(new SoftwareToken(self));
  }

  @Override
  protected boolean handleAuthHeader(GMS.GmsHeader gmsHdr, AuthHeader authHdr, Message msg) {
    if (needsAuthentication(msg, gmsHdr)
        && authHdr.getToken() instanceof SoftwareToken t
        && t.software() != null
        && t.software().protocol() != self.protocol()) {
      sendRejectionMessage(gmsHdr.getType(), msg.getSrc(), refusal(t.software(), self));
      return false;
    }
    return super.handleAuthHeader(gmsHdr, authHdr, msg);
  }

  /**
   * The operator's explanation for a node of {@code joiner} refused by a member of {@code member}.
   */
  static String refusal(NodeSoftware joiner, NodeSoftware member) {
    return "incompatible protocol: this node runs Paceline "
        + joiner.release()
        + " (protocol "
        + joiner.protocol()
        + "), the cluster runs Paceline "
        + member.release()
        + " (protocol "
        + member.protocol()
        + "); nodes of different protocol generations cannot form one cluster"
        + " (see /usr/share/doc/paceline/upgrade.md)";
  }
}
