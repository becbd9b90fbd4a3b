package org.paceline.membership;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.View;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.util.ExtendedUUID;

/**
 * jgroups-raft's NO_DUPES, except for a member's own repeated JOIN, and evicting a dead previous
 * incarnation. NO_DUPES refuses a joiner whose Raft id is already in the view; that is right for a
 * second process with the same id, but:
 *
 * <ul>
 *   <li>it also refuses the very member that is listed: a joiner whose JoinRsp came later than its
 *       join timeout asks again, is refused, and after ten tries becomes a singleton (seen on a
 *       loaded two-core CI machine: a cluster of three that never formed). A JOIN whose address is
 *       itself in the view is passed to GMS, which answers a member's repeated JOIN with the
 *       current view, as it does without NO_DUPES.
 *   <li>a node restarted after kill -9 is refused for as long as its previous incarnation is
 *       listed, which is until failure detection notices it; the refusal ends the joiner's start
 *       (issue 22: a restarted witness was refused, exited, and the cluster stayed without quorum
 *       for 95 s). Instead the listed incarnation is suspected at once, through VERIFY_SUSPECT2,
 *       which asks it whether it is alive, and the joiner's JOINs are held back (dropped without an
 *       answer, so GMS on the joiner asks again after its join timeout) for {@link
 *       #VERIFY_WINDOW_MS}. A dead incarnation is dropped from the view within the verification
 *       timeout and the next JOIN gets in. Only a listed member that is still there after the
 *       window (it answered: a second live process with the same name, a misconfiguration) makes
 *       the JOIN refused as before.
 * </ul>
 */
final class NoDuplicateMembers extends NO_DUPES {
  /** JGroups protocol id (ids below 1000 are JGroups' own; ProtocolCheck has 1801). */
  static final short ID = 1802;

  /** The words of NO_DUPES' refusal, which the joiner receives as its connect's failure. */
  static final String REFUSAL = "duplicate members";

  /**
   * How long a new incarnation's JOINs are held back while the listed one is verified: well past
   * VERIFY_SUSPECT2's timeout (at most 300 ms, checked in rounds of it) and the view change that
   * drops a dead member (view acks wait up to 500 ms), and well within the joiner's ten JOIN
   * attempts a join timeout apart.
   */
  static final long VERIFY_WINDOW_MS = 4_000;

  private final long verifyWindowMs;

  /** The daemon's guard. */
  NoDuplicateMembers() {
    this(VERIFY_WINDOW_MS);
  }

  /** A guard holding JOINs back for {@code verifyWindowMs} (tests). */
  NoDuplicateMembers(long verifyWindowMs) {
    this.verifyWindowMs = verifyWindowMs;
  }

  /** Listed incarnations being verified, with the System.nanoTime() the verification began. */
  private final Map<Address, Long> verifying = new ConcurrentHashMap<>();

  static {
    ClassConfigurator.addProtocol(ID, NoDuplicateMembers.class);
  }

  @Override
  public Object down(Event evt) {
    if (evt.getType() == Event.VIEW_CHANGE) {
      View v = evt.getArg();
      verifying.keySet().removeIf(a -> !v.containsMember(a));
    }
    return super.down(evt);
  }

  @Override
  protected boolean handleGmsHeader(GMS.GmsHeader hdr, Address sender) {
    if (isRepeatedJoin(hdr, view)) {
      return true;
    }
    Address previous = previousIncarnation(hdr, view);
    if (previous != null) {
      long now = System.nanoTime();
      Long began = verifying.putIfAbsent(previous, now);
      if (began == null) {
        suspect(previous, hdr.getMember());
        return false;
      }
      if (now - began < TimeUnit.MILLISECONDS.toNanos(verifyWindowMs)) {
        return false;
      }
      // Still listed after the window: it answered. Refuse this JOIN (NO_DUPES' answer) and
      // verify again should the joiner come back.
      verifying.remove(previous);
    }
    return super.handleGmsHeader(hdr, sender);
  }

  /**
   * Hands {@code previous} to VERIFY_SUSPECT2 as a suspect, as a failure detector would: it is
   * dropped only if it does not answer. Without VERIFY_SUSPECT2 in the stack nothing is done (an
   * unverified suspicion could throw out a live member).
   */
  private void suspect(Address previous, Address joiner) {
    org.jgroups.stack.ProtocolStack stack = getProtocolStack();
    VERIFY_SUSPECT2 verify = stack == null ? null : stack.findProtocol(VERIFY_SUSPECT2.class);
    if (verify == null) {
      return;
    }
    log.warn(
        "%s asks to join while its previous incarnation %s is listed; verifying that one is gone",
        joiner, previous);
    verify.up(new Event(Event.SUSPECT, List.of(previous)));
  }

  /** A JOIN from an address that is already a member of {@code view}. */
  static boolean isRepeatedJoin(GMS.GmsHeader hdr, View view) {
    return isJoin(hdr) && view != null && view.containsMember(hdr.getMember());
  }

  /**
   * The listed member with the joiner's Raft id but another address (the joiner's previous
   * incarnation, or another process with its name), or null.
   */
  static Address previousIncarnation(GMS.GmsHeader hdr, View view) {
    if (!isJoin(hdr)
        || view == null
        || !(hdr.getMember() instanceof ExtendedUUID joiner)
        || view.containsMember(joiner)) {
      return null;
    }
    byte[] id = joiner.get(RAFT.raft_id_key);
    if (id == null) {
      return null;
    }
    for (Address a : view.getMembers()) {
      if (a instanceof ExtendedUUID u && Arrays.equals(id, u.get(RAFT.raft_id_key))) {
        return a;
      }
    }
    return null;
  }

  private static boolean isJoin(GMS.GmsHeader hdr) {
    return hdr.getMember() != null
        && (hdr.getType() == GMS.GmsHeader.JOIN_REQ
            || hdr.getType() == GMS.GmsHeader.JOIN_REQ_WITH_STATE_TRANSFER);
  }
}
