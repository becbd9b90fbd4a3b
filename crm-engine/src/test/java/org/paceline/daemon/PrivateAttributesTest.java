package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A node's private attributes and the copies of the other members' (unit seam of the daemon). */
@Tag("unit")
class PrivateAttributesTest {
  @Test
  void ownSetsTravelWholeAndAMemberThatLeftIsForgotten() throws Exception {
    PrivateAttributes a = new PrivateAttributes("a");
    PrivateAttributes b = new PrivateAttributes("b");
    PrivateAttributes.PrivateAttributeSet sent = a.set("lsn_location-db", "1#0/5000060");
    // Over the wire as the daemons send it.
    b.received(
        (PrivateAttributes.PrivateAttributeSet) ControllerWire.decode(ControllerWire.encode(sent)));
    assertEquals(Optional.of("1#0/5000060"), b.get("a", "lsn_location-db"));
    assertEquals(Map.of("a", "1#0/5000060"), b.all("lsn_location-db"));
    b.set("lsn_location-db", "1#0/4000000");
    assertEquals(Map.of("a", "1#0/5000060", "b", "1#0/4000000"), b.all("lsn_location-db"));
    // A delete sends the (now empty) set: the copy is emptied, not kept.
    b.received(a.set("lsn_location-db", null));
    assertEquals(Optional.empty(), b.get("a", "lsn_location-db"));
    // Nobody sets another node's: a set naming b, sent by a, does not replace b's own.
    b.received(new PrivateAttributes.PrivateAttributeSet("b", Map.of("lsn_location-db", "x")));
    assertEquals(Optional.of("1#0/4000000"), b.get("b", "lsn_location-db"));
    b.received(a.set("nodes-db", "a b"));
    b.retain(List.of("b"));
    assertEquals(Optional.empty(), b.get("a", "nodes-db"), "a left the view");
  }
}
