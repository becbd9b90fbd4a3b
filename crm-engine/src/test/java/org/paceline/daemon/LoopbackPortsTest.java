package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LoopbackPortsTest {

  @Test
  void aBlockLiesBelowTheEphemeralRangeAndIsFree() throws IOException {
    int span = 8;
    int base = LoopbackPorts.freeBase(span, b -> LoopbackPorts.allFree(b, span));
    assertTrue(base >= 20_000, "base " + base);
    int ephemeral = LoopbackPorts.ephemeralLow();
    if (ephemeral > 20_000 + span) {
      assertTrue(base + span <= ephemeral, base + " + " + span + " reaches " + ephemeral);
    }
    assertTrue(LoopbackPorts.allFree(base, span));
  }

  @Test
  void aPortInUseIsNotFreeAndARefusedBlockIsRetried() throws IOException {
    List<Integer> offered = new ArrayList<>();
    int base = LoopbackPorts.freeBase(2, b -> offered.add(b) && offered.size() == 3);
    assertEquals(3, offered.size());
    assertEquals(offered.get(2), base);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertFalse(LoopbackPorts.allFree(s.getLocalPort(), 1));
    }
  }

  @Test
  void noUsableBlockIsAnError() {
    IOException e = assertThrows(IOException.class, () -> LoopbackPorts.freeBase(2, b -> false));
    assertEquals("no free port range on the loopback address", e.getMessage());
  }
}
