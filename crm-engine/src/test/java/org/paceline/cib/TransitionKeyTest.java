package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The transition key and magic are spelled and split in one place, as Pacemaker spells them. */
@Tag("unit")
class TransitionKeyTest {
  @Test
  void formatsAndParsesPacemakersKey() {
    TransitionKey k = TransitionKey.parse("3:12:0:6b8e-uuid").orElseThrow();
    assertEquals(new TransitionKey(3, 12, 0, "6b8e-uuid"), k);
    assertEquals("3:12:0:6b8e-uuid", k.format());
    assertEquals("0:7;3:12:0:6b8e-uuid", k.magic(0, 7));
  }

  @Test
  void pacelineKeysWriteTransitionMinusOneAsZero() {
    assertEquals("0:0:8:paceline", TransitionKey.paceline(-1, 8).format());
    assertEquals("0:5:0:paceline", TransitionKey.paceline(5, 0).format());
  }

  @Test
  void malformedKeysAreNoKeys() {
    assertTrue(TransitionKey.parse(null).isEmpty());
    assertTrue(TransitionKey.parse("1:2:3").isEmpty());
    assertTrue(TransitionKey.parse("1:2:x:uuid").isEmpty());
  }

  @Test
  void anEntryBuiltFromAResultCarriesConsistentKeyAndMagic() {
    LrmRscOp op =
        LrmRscOp.of(LrmRscOp.lastId("db"), "db", "start", 0)
            .result(TransitionKey.paceline(4, 0), 2, 1)
            .build();
    assertEquals("db_start_0", op.operationKey());
    assertEquals("db_last_0", op.id());
    assertEquals("0:4:0:paceline", op.transitionKey());
    assertEquals("2:1;0:4:0:paceline", op.transitionMagic());
    assertEquals(0, op.targetRc());
    assertEquals(Map.of(), op.otherAttributes());
    assertNull(op.withId("x").withCallId(null).callId());
    assertEquals(op, op.toBuilder().build());
  }
}
