package org.paceline.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CloneUniquenessTest {
  private static Primitive agent(String id, String resourceClass) {
    return Primitive.of(id, resourceClass, null, "Dummy", List.of());
  }

  private static Clone uniqueClone(String id, Resource child) {
    NvSet meta = NvSet.of(id + "-meta", List.of(NvPair.of(id + "-u", "globally-unique", "true")));
    return new Clone(id, null, List.of(meta), List.of(), child, Map.of(), List.of());
  }

  @Test
  void onlyOcfAndStonithAgentsTellInstancesApart() {
    assertTrue(agent("a", "ocf").supportsUniqueInstances());
    assertTrue(agent("f", "stonith").supportsUniqueInstances());
    for (String c : List.of("lsb", "systemd", "service", "upstart", "nagios")) {
      assertFalse(agent("x", c).supportsUniqueInstances(), c);
    }
  }

  @Test
  void anLsbMemberAnywhereInTheGroupMakesTheCloneAnonymous() {
    Group mixed =
        new Group(
            "g",
            null,
            List.of(),
            List.of(),
            List.of(agent("d1", "ocf"), agent("l1", "lsb")),
            Map.of(),
            List.of());
    Clone c = uniqueClone("c", mixed);
    assertTrue(c.forcedAnonymous());
    assertFalse(uniqueClone("c2", agent("d2", "ocf")).forcedAnonymous());
    // Its primitives' histories are kept under their plain ids, as for any anonymous clone.
    Configuration config = Configuration.empty().withResourcesAndConstraints(List.of(c), List.of());
    assertEquals(Set.of("d1", "l1"), config.anonymousClonePrimitiveIds());
  }

  @Test
  void anOperationStillRunningIsPending() {
    LrmRscOp done = LrmRscOp.of("r_last_0", "r", "monitor", 0).callId(3).opStatus(0).build();
    assertFalse(done.pending());
    assertTrue(done.toBuilder().opStatus(-1).build().pending());
    assertTrue(done.toBuilder().callId(-1).build().pending());
  }
}
