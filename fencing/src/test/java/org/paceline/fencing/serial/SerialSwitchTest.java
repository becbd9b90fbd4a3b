package org.paceline.fencing.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.fencing.DelayRandom;
import org.paceline.fencing.DeviceResult;
import org.paceline.fencing.DeviceSettings;
import org.paceline.fencing.FenceAction;
import org.paceline.fencing.FenceClock;
import org.paceline.fencing.FenceHistory;
import org.paceline.fencing.FenceOutcome;
import org.paceline.fencing.FenceRequest;
import org.paceline.fencing.Fencer;
import org.paceline.fencing.FencerSettings;
import org.paceline.fencing.HostMap;
import org.paceline.fencing.PowerState;
import org.paceline.fencing.Secret;
import org.paceline.fencing.TopologyLevel;

/**
 * Serial power switches over a real socat pty pair with a switch simulator on the far end: both WTI
 * dialects, a switch that stops answering, a port that vanishes, a missing port.
 */
@Tag("process")
class SerialSwitchTest {
  static final long CALL_MS = 5_000;
  @TempDir Path dir;

  static SerialPowerSwitch nps(SwitchSimulator sim, String password) {
    return new SerialPowerSwitch(
        "nps",
        new SerialSwitchSettings(
            sim.port(),
            SerialSwitchSettings.DEFAULT_BAUD,
            new WtiNpsDialect(),
            Secret.of(password)));
  }

  static SerialPowerSwitch rps10(SwitchSimulator sim) {
    return new SerialPowerSwitch(
        "rps10",
        new SerialSwitchSettings(
            sim.port(), SerialSwitchSettings.DEFAULT_BAUD, new WtiRps10Dialect(), null));
  }

  @Test
  void wtiNpsSwitchesPlugsAfterLogin() throws Exception {
    try (SwitchSimulator sim = new SwitchSimulator(dir, "nps")) {
      SerialPowerSwitch d = nps(sim, SwitchSimulator.PASSWORD);
      DeviceResult off = d.off("3", CALL_MS);
      assertEquals(PowerState.OFF, ((DeviceResult.Ok) off).power(), off.message());
      assertEquals("OFF", sim.plugs().get("3"));
      assertEquals("ON", sim.plugs().get("2"));
      assertEquals(PowerState.OFF, ((DeviceResult.Ok) d.status("3", CALL_MS)).power());
      assertTrue(d.on("3", CALL_MS).ok());
      assertEquals("ON", sim.plugs().get("3"));
      assertTrue(d.reboot("3", CALL_MS).ok());
      DeviceResult list = d.list(CALL_MS);
      assertEquals(
          List.of("1", "2", "3", "4", "5", "6", "7", "8"), ((DeviceResult.Ok) list).plugs());
      assertTrue(d.monitor(CALL_MS).ok());
      DeviceResult bad = nps(sim, "Wrong-9f").off("3", CALL_MS);
      assertInstanceOf(DeviceResult.Failed.class, bad);
      assertTrue(bad.message().contains("rejected the password"), bad.message());
      assertFalse(bad.message().contains("Wrong-9f"));
      assertEquals("ON", sim.plugs().get("3"));
    }
  }

  @Test
  void wtiRps10SwitchesPlugs() throws Exception {
    try (SwitchSimulator sim = new SwitchSimulator(dir, "rps10")) {
      SerialPowerSwitch d = rps10(sim);
      DeviceResult off = d.off("4", CALL_MS);
      assertEquals(PowerState.OFF, ((DeviceResult.Ok) off).power(), off.message());
      assertEquals("OFF", sim.plugs().get("4"));
      assertEquals(PowerState.OFF, ((DeviceResult.Ok) d.status("4", CALL_MS)).power());
      assertTrue(d.on("4", CALL_MS).ok());
      assertEquals("ON", sim.plugs().get("4"));
      assertTrue(d.reboot("4", CALL_MS).ok());
      assertEquals("ON", sim.plugs().get("4"));
      DeviceResult bad = d.off("12", CALL_MS);
      assertTrue(bad.message().contains("plug must be 0-9"), bad.message());
    }
  }

  @Test
  void aSwitchThatStopsAnsweringIsTimedOut() throws Exception {
    for (String dialect : List.of("nps", "rps10")) {
      try (SwitchSimulator sim = new SwitchSimulator(dir.resolve(dialect), dialect)) {
        SerialPowerSwitch d =
            dialect.equals("nps") ? nps(sim, SwitchSimulator.PASSWORD) : rps10(sim);
        assertTrue(d.status("1", CALL_MS).ok());
        sim.mute();
        long start = System.nanoTime();
        DeviceResult r = d.off("1", 1_000);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(DeviceResult.TimedOut.class, r, r.message());
        assertTrue(r.message().contains("did not answer in time"), r.message());
        assertTrue(tookMs < 2_000, dialect + " took " + tookMs + " ms");
      }
    }
  }

  @Test
  void aPortThatVanishesIsDetected() throws Exception {
    try (SwitchSimulator sim = new SwitchSimulator(dir, "nps")) {
      long deadline = System.nanoTime() + CALL_MS * 1_000_000;
      WtiNpsDialect dialect = new WtiNpsDialect();
      try (SerialLink link = SerialLink.open(sim.port(), 9600)) {
        dialect.login(link, Secret.of(SwitchSimulator.PASSWORD), deadline);
        assertEquals(PowerState.ON, dialect.status(link, "1", deadline));
        sim.vanish();
        SerialLinkException e =
            assertThrows(SerialLinkException.class, () -> dialect.status(link, "1", deadline));
        assertTrue(e.getMessage().contains("vanished"), e.getMessage());
        assertFalse(e.timedOut());
      }
      // A new call finds the port gone (socat's link now dangles) and says so.
      DeviceResult r = nps(sim, SwitchSimulator.PASSWORD).off("1", CALL_MS);
      assertInstanceOf(DeviceResult.Failed.class, r);
      assertTrue(r.message().contains("does not exist"), r.message());
    }
  }

  @Test
  void aMissingPortIsAClearError() {
    String path = dir.resolve("no-such-tty").toString();
    DeviceResult r =
        new SerialPowerSwitch(
                "psu", new SerialSwitchSettings(path, 9600, new WtiRps10Dialect(), null))
            .status("1", CALL_MS);
    assertEquals(
        new DeviceResult.Failed("psu status plug 1: serial port " + path + " does not exist"), r);
  }

  @Test
  void fencerEscalatesFromASilentSwitchToAWorkingOne() throws Exception {
    try (SwitchSimulator silent = new SwitchSimulator(dir.resolve("a"), "nps");
        SwitchSimulator working = new SwitchSimulator(dir.resolve("b"), "rps10")) {
      silent.mute();
      try (Fencer f =
          new Fencer(
              Map.of("nps", nps(silent, SwitchSimulator.PASSWORD), "rps10", rps10(working)),
              Map.of(
                  "nps",
                  DeviceSettings.defaults("nps")
                      .withHostMap(HostMap.parse("node1:2", null))
                      .withTimeout(800, 0),
                  "rps10",
                  DeviceSettings.defaults("rps10").withHostMap(HostMap.parse("node1:7", null))),
              List.of(TopologyLevel.of("node1", 1, "nps"), TopologyLevel.of("node1", 2, "rps10")),
              FencerSettings.defaults(),
              FenceClock.system(),
              DelayRandom.threadLocal(),
              new FenceHistory(dir.resolve("history.jsonl")))) {
        FenceOutcome o = f.fence(new FenceRequest("node1", FenceAction.OFF, "node2"));
        assertTrue(o.fenced(), o.message());
        assertEquals(2, o.level());
        assertEquals("OFF", working.plugs().get("7"));
      }
    }
  }
}
