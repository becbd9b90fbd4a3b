package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.Score;

/** The compact score lines read back as the lines they stand for, in the order added. */
@Tag("unit")
class ScoreTableTest {
  @Test
  void readsBackEveryLineInOrderAndKeepsACopyOfTheScores() {
    ScoreTable t = new ScoreTable(List.of("n1", "n2", "n3"));
    int[] scores = {0, Placement.INF, -Placement.INF};
    t.addPerNode("pcmk__primitive_assign", "a", scores);
    scores[0] = 42; // the table must have copied the array
    t.addOne(ScoreLine.PROMOTION, "c:0", "n2", 5);
    t.addOne(ScoreLine.PROMOTION, "c:1", "none", 0);
    t.addPerNode("pcmk__clone_allocate", "c", new int[] {1, 2, 3});
    t.freeze();

    List<ScoreLine> expected =
        List.of(
            new ScoreLine("pcmk__primitive_assign", "a", "n1", Score.of(0)),
            new ScoreLine("pcmk__primitive_assign", "a", "n2", Score.of(Placement.INF)),
            new ScoreLine("pcmk__primitive_assign", "a", "n3", Score.of(-Placement.INF)),
            new ScoreLine(ScoreLine.PROMOTION, "c:0", "n2", Score.of(5)),
            new ScoreLine(ScoreLine.PROMOTION, "c:1", "none", Score.of(0)),
            new ScoreLine("pcmk__clone_allocate", "c", "n1", Score.of(1)),
            new ScoreLine("pcmk__clone_allocate", "c", "n2", Score.of(2)),
            new ScoreLine("pcmk__clone_allocate", "c", "n3", Score.of(3)));
    assertEquals(expected.size(), t.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), t.get(i), "line " + i);
    }
    assertEquals(expected, new ArrayList<>(t));
    assertEquals("pcmk__primitive_assign: a allocation score on n2: INFINITY", t.get(1).format());
  }

  @Test
  void isReadOnlyOnceFrozenAndRefusesOutOfRangeReads() {
    ScoreTable t = new ScoreTable(List.of("n1"));
    t.addOne(ScoreLine.PROMOTION, "c:0", "n1", 1);
    t.freeze();
    assertThrows(IllegalStateException.class, () -> t.addOne(ScoreLine.PROMOTION, "x", "n1", 1));
    assertThrows(UnsupportedOperationException.class, () -> t.add(t.get(0)));
    assertThrows(IndexOutOfBoundsException.class, () -> t.get(1));
    assertThrows(IndexOutOfBoundsException.class, () -> t.get(-1));
  }

  @Test
  void aLineWithTheWrongNumberOfScoresIsRefused() {
    ScoreTable t = new ScoreTable(List.of("n1", "n2"));
    assertThrows(IllegalArgumentException.class, () -> t.addPerNode("s", "a", new int[] {1}));
  }

  @Test
  void noNodesMeansNoLines() {
    ScoreTable t = new ScoreTable(List.of());
    t.addPerNode("s", "a", new int[0]);
    t.addOne(ScoreLine.PROMOTION, "c:0", "none", 0);
    t.freeze();
    assertEquals(1, t.size());
    assertEquals("c:0 promotion score on none: 0", t.get(0).format());
  }
}
