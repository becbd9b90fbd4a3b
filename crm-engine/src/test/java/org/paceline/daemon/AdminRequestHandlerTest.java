package org.paceline.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bad admin request gets an error that says what was expected, before anything of the node is
 * touched (so no cluster is needed here: the collaborators are absent).
 */
@Tag("unit")
class AdminRequestHandlerTest {
  private final AdminRequestHandler handler =
      new AdminRequestHandler(
          null, null, null, null, null, null, () -> null, () -> null, null, null, null, null);

  @Test
  void unknownVerbs() {
    assertEquals("error: unknown request 'frobnicate'", handler.handle("frobnicate now"));
    assertEquals("error: unknown request ''", handler.handle(""));
    if (!"1".equals(System.getenv("PACELINE_TEST_HOOKS"))) {
      assertEquals(
          "error: unknown request 'raft-forget-leader'", handler.handle("raft-forget-leader"));
    }
  }

  @Test
  void usageErrors() {
    assertEquals("error: usage: property NAME VALUE", handler.handle("property stonith-enabled"));
    assertEquals("error: usage: load BASE64-CIB-XML", handler.handle("load"));
    assertEquals("error: usage: node-attr NODE NAME VALUE|-", handler.handle("node-attr n1 x"));
    assertEquals("error: usage: cleanup RESOURCE [NODE]", handler.handle("cleanup"));
    assertEquals("error: usage: fence NODE", handler.handle("fence"));
    assertEquals("error: usage: remove NODE", handler.handle("remove"));
    assertEquals(
        "error: invalid configuration: Illegal base64 character 21", handler.handle("load !abc"));
  }

  @Test
  void requestsThatNeedAControllerSaySoWithoutOne() {
    assertEquals("error: this node runs no controller", handler.handle("cleanup rsc1"));
    assertEquals("error: this node runs no controller", handler.handle("fence n2"));
    assertEquals("error: this node runs no controller", handler.handle("cib"));
  }
}
