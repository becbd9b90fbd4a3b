package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Node and resource names sort as crm_mon lists them: numbers by value, letters without case. */
@Tag("unit")
class NaturalOrderTest {
  @Test
  void numbersCompareByValueLettersWithoutCase() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "node10", "Node2", "node1", "node02", "node010", "hub", "node", "a0b", "a00b1"));
    names.sort(NaturalOrder::compare);
    assertEquals(
        List.of("a0b", "a00b1", "hub", "node", "node1", "Node2", "node02", "node10", "node010"),
        names);
  }

  @Test
  void leadingZerosAreSkippedButAZeroStaysAZero() {
    assertEquals(0, NaturalOrder.compare("n007", "n7"));
    assertEquals(0, NaturalOrder.compare("n0", "n000"));
    assertTrue(NaturalOrder.compare("n0", "n1") < 0);
    assertTrue(NaturalOrder.compare("n99", "n100") < 0);
    assertTrue(NaturalOrder.compare("n100", "n99") > 0);
    assertTrue(NaturalOrder.compare("n12345678901234567890", "n9") > 0);
    assertTrue(NaturalOrder.compare("rsc", "rsc1") < 0);
  }
}
