package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jgroups.logging.Log;
import org.jgroups.protocols.raft.RAFT;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class JGroupsLogBridgeTest {
  private final List<String> lines = new ArrayList<>();
  private final JGroupsLogBridge bridge = new JGroupsLogBridge(new DaemonLog("b", lines::add));

  @Test
  void raftsApplyLoopErrorIsADaemonLogLineWithItsException() {
    Log log = bridge.getLog(RAFT.class);
    // The line jgroups-raft writes when its apply loop stops (RAFT.applyCommits).
    log.error(
        "%s: failed moving commit_index to %d: %s",
        "b", 42L, new IllegalStateException("log entry 42 not found"));
    assertEquals(1, lines.size(), lines.toString());
    String line = lines.get(0);
    assertTrue(line.startsWith("[b] jgroups: b: failed moving commit_index to 42"), line);
    assertTrue(line.contains("level=ERROR"), line);
    assertTrue(line.contains("logger=RAFT"), line);
    assertTrue(line.contains("error=\"java.lang.IllegalStateException: log entry 42"), line);
  }

  @Test
  void warningsAndInfoAreRoutedDebugAndTraceAreNot() {
    Log log = bridge.getLog("org.jgroups.protocols.pbcast.GMS");
    assertTrue(log.isWarnEnabled());
    assertFalse(log.isDebugEnabled());
    log.warn("JOIN(%s) sent to %s timed out (after %d ms), on try %d", "c", "a", 1000, 3);
    log.info("a line");
    log.debug("not routed");
    log.trace("not routed");
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("JOIN(c) sent to a timed out (after 1000 ms), on try 3"));
    assertTrue(lines.get(0).contains("logger=GMS"), lines.get(0));
  }

  @Test
  void aMessageWhoseArgumentsDoNotFitIsKeptNotThrown() {
    assertEquals("%d apples [x]", JGroupsLogBridge.format("%d apples", "x"));
    assertEquals("plain", JGroupsLogBridge.format("plain"));
  }
}
