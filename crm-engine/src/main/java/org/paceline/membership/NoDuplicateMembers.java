package org.paceline.membership;

import org.jgroups.Address;
import org.jgroups.View;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.raft.NO_DUPES;

/**
 * jgroups-raft's NO_DUPES, except for a member's own repeated JOIN. NO_DUPES refuses a joiner whose
 * Raft id is already in the view; that is right for a second process with the same id (a restarted
 * node whose old incarnation is still listed), but it also refuses the very member that is listed:
 * a joiner whose JoinRsp came later than its join timeout asks again, is refused, and after ten
 * tries becomes a singleton (seen on a loaded two-core CI machine: a cluster of three that never
 * formed). A JOIN whose address is itself in the view is passed to GMS, which answers a member's
 * repeated JOIN with the current view, as it does without NO_DUPES.
 */
final class NoDuplicateMembers extends NO_DUPES {
  /** JGroups protocol id (ids below 1000 are JGroups' own; ProtocolCheck has 1801). */
  static final short ID = 1802;

  static {
    ClassConfigurator.addProtocol(ID, NoDuplicateMembers.class);
  }

  @Override
  protected boolean handleGmsHeader(GMS.GmsHeader hdr, Address sender) {
    if (isRepeatedJoin(hdr, view)) {
      return true;
    }
    return super.handleGmsHeader(hdr, sender);
  }

  /** A JOIN from an address that is already a member of {@code view}. */
  static boolean isRepeatedJoin(GMS.GmsHeader hdr, View view) {
    boolean join =
        hdr.getType() == GMS.GmsHeader.JOIN_REQ
            || hdr.getType() == GMS.GmsHeader.JOIN_REQ_WITH_STATE_TRANSFER;
    return join && view != null && hdr.getMember() != null && view.containsMember(hdr.getMember());
  }
}
