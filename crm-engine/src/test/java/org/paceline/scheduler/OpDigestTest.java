package org.paceline.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.paceline.cib.NvPair;
import org.paceline.cib.NvSet;
import org.paceline.cib.Op;
import org.paceline.cib.Primitive;
import org.paceline.cib.Rule;

/**
 * Digests as Pacemaker 2.1.5 writes them. The expected values were read from lrm_rsc_op op-digest
 * attributes that Debian's crm_simulate -S -O wrote for Dummy resources.
 */
@Tag("unit")
class OpDigestTest {
  private static Op monitor(String timeout) {
    return new Op("m", "monitor", "10s", timeout, null, null, null, List.of(), List.of(), Map.of());
  }

  private static Primitive dummy(List<NvSet> params, Op... ops) {
    Primitive p = Primitive.of("rsc1", "ocf", "heartbeat", "Dummy", params);
    return new Primitive(
        p.id(),
        p.resourceClass(),
        p.provider(),
        p.type(),
        null,
        null,
        List.of(),
        params,
        List.of(),
        null,
        List.of(ops),
        Map.of(),
        List.of());
  }

  @Test
  void noParametersMatchesPacemaker() {
    assertEquals(
        "f2317cad3d54cec5d7d7aa7d0bf35cf8",
        OpDigest.of(dummy(List.of()), "start", 0, List.of()).orElseThrow());
  }

  @Test
  void recurringMonitorIncludesItsTimeoutAsPacemakerDoes() {
    assertEquals(
        "4811cef7f7f94e3a35a70be7916cb2fd",
        OpDigest.of(dummy(List.of(), monitor("20s")), "monitor", 10_000, List.of()).orElseThrow());
    // Without a configured timeout Pacemaker uses 20 s, so the digest is the same.
    assertEquals(
        "4811cef7f7f94e3a35a70be7916cb2fd",
        OpDigest.of(dummy(List.of(), monitor(null)), "monitor", 10_000, List.of()).orElseThrow());
  }

  @Test
  void parametersAreSortedAndEscaped() {
    NvSet set =
        NvSet.of(
            "ia", List.of(NvPair.of("p2", "state", "/run/x\"y"), NvPair.of("p1", "fake", "a<b")));
    assertEquals(
        " <parameters fake=\"a&lt;b\" state=\"/run/x&quot;y\"/>\n",
        OpDigest.render(new java.util.TreeMap<>(Map.of("state", "/run/x\"y", "fake", "a<b"))));
    String d = OpDigest.of(dummy(List.of(set)), "start", 0, List.of()).orElseThrow();
    assertEquals(OpDigest.md5(" <parameters fake=\"a&lt;b\" state=\"/run/x&quot;y\"/>\n"), d);
    assertNotEquals("f2317cad3d54cec5d7d7aa7d0bf35cf8", d);
  }

  @Test
  void parametersUnderRulesAreNotGuessed() {
    NvSet ruled =
        new NvSet(
            "ia",
            null,
            null,
            new Rule("r", null, null, null, null, null, List.of(), Map.of()),
            List.of(NvPair.of("p1", "fake", "x")),
            Map.of());
    assertTrue(OpDigest.of(dummy(List.of(ruled)), "start", 0, List.of()).isEmpty());
  }
}
