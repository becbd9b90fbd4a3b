package org.paceline.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.Util;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real protocol between two recording neighbours: a second process with a listed Raft id is
 * refused (NO_DUPES' rule), the listed member's own repeated JOIN reaches GMS, which answers it
 * with the current view.
 */
@Tag("unit")
class NoDuplicateMembersTest {
  private final ExtendedUUID a = member("a");
  private final ExtendedUUID b = member("b");
  private final List<Message> passedUp = new ArrayList<>();
  private final List<Message> sentDown = new ArrayList<>();
  private final NoDuplicateMembers guard = new NoDuplicateMembers(0);

  private static ExtendedUUID member(String raftId) {
    return ExtendedUUID.randomUUID(raftId)
        .put(RAFT.raft_id_key, raftId.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void wire() {
    wire(guard);
  }

  private void wire(NoDuplicateMembers guard) {
    guard.setUpProtocol(
        new Protocol() {
          @Override
          public Object up(Message msg) {
            passedUp.add(msg);
            return null;
          }
        });
    guard.setDownProtocol(
        new Protocol() {
          @Override
          public Object down(Message msg) {
            sentDown.add(msg);
            return null;
          }

          @Override
          public Object down(Event evt) {
            return null;
          }
        });
    guard.down(new Event(Event.VIEW_CHANGE, View.create(a, 2, a, b)));
  }

  private static Message join(Address joiner) {
    short gms = org.jgroups.conf.ClassConfigurator.getProtocolId(GMS.class);
    return new EmptyMessage(null)
        .setSrc(joiner)
        .putHeader(gms, new GMS.GmsHeader(GMS.GmsHeader.JOIN_REQ, joiner));
  }

  @Test
  void aListedMembersRepeatedJoinReachesGms() {
    guard.up(join(b));
    assertEquals(1, passedUp.size(), "the JOIN of listed member b must reach GMS");
    assertTrue(sentDown.isEmpty(), "no refusal may be sent to b");
  }

  @Test
  void aNewIncarnationIsHeldBackWhileTheListedOneIsVerified() {
    // No VERIFY_SUSPECT2 below this bare guard: the window alone is what is tested here.
    NoDuplicateMembers patient = new NoDuplicateMembers(60_000);
    wire(patient);
    ExtendedUUID secondB = member("b");
    patient.up(join(secondB));
    patient.up(join(secondB));
    assertTrue(passedUp.isEmpty(), "a second b must not reach GMS");
    assertTrue(sentDown.isEmpty(), "nor be refused while the listed b is being verified");
  }

  @Test
  void anotherProcessWithAListedRaftIdIsRefusedOnceTheListedOneWasVerified() throws Exception {
    ExtendedUUID secondB = member("b");
    guard.up(join(secondB));
    assertTrue(sentDown.isEmpty(), "the first JOIN starts the verification and gets no answer");
    // The window (0 ms here) has passed and b is still listed: it answered.
    guard.up(join(secondB));
    assertTrue(passedUp.isEmpty(), "a second b must not reach GMS");
    assertEquals(1, sentDown.size());
    Message refusal = sentDown.get(0);
    assertEquals(secondB, refusal.getDest());
    org.jgroups.protocols.pbcast.JoinRsp rsp =
        Util.streamableFromBuffer(
            org.jgroups.protocols.pbcast.JoinRsp::new,
            refusal.getArray(),
            refusal.getOffset(),
            refusal.getLength());
    assertTrue(rsp.getFailReason().contains("duplicate members"), rsp.getFailReason());
  }

  @Test
  void theListedIncarnationOfAJoinersNameIsFoundForEviction() {
    short gms = org.jgroups.conf.ClassConfigurator.getProtocolId(GMS.class);
    View v = View.create(a, 2, a, b);
    ExtendedUUID secondB = member("b");
    assertEquals(
        b,
        NoDuplicateMembers.previousIncarnation(join(secondB).getHeader(gms), v),
        "b restarted: its listed incarnation is the one to verify");
    assertEquals(null, NoDuplicateMembers.previousIncarnation(join(b).getHeader(gms), v));
    assertEquals(null, NoDuplicateMembers.previousIncarnation(join(member("c")).getHeader(gms), v));
  }

  @Test
  void aNewRaftIdJoins() {
    guard.up(join(member("c")));
    assertEquals(1, passedUp.size());
    assertTrue(sentDown.isEmpty());
  }
}
