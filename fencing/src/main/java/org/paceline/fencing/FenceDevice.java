package org.paceline.fencing;

/**
 * A fence device: something that can power a node off and on (a BMC, a power switch, a fence
 * agent). Every call returns a {@link DeviceResult} value and never throws for an operating error;
 * each call takes the limit it must finish in and abandons its work (kills its process, closes its
 * port) when the limit passes. A {@code plug} names the outlet or host the device acts on; devices
 * that control one machine (an IPMI BMC) ignore it.
 */
public interface FenceDevice extends AutoCloseable {

  /** The device id (the stonith primitive id in the CIB). */
  String id();

  /** Powers the plug off and returns once the device confirms it is off. */
  DeviceResult off(String plug, long timeoutMs);

  /** Powers the plug on. */
  DeviceResult on(String plug, long timeoutMs);

  /** Power-cycles the plug; success means the node was off at some point. */
  DeviceResult reboot(String plug, long timeoutMs);

  /** Reads the plug's power state. */
  DeviceResult status(String plug, long timeoutMs);

  /** Lists the plugs the device controls (empty when it controls a single machine). */
  DeviceResult list(long timeoutMs);

  /** Checks that the device itself is reachable and answers. */
  DeviceResult monitor(long timeoutMs);

  /** Runs {@code action} on {@code plug}; LIST and MONITOR ignore the plug. */
  default DeviceResult execute(FenceAction action, String plug, long timeoutMs) {
    return switch (action) {
      case OFF -> off(plug, timeoutMs);
      case ON -> on(plug, timeoutMs);
      case REBOOT -> reboot(plug, timeoutMs);
      case STATUS -> status(plug, timeoutMs);
      case LIST -> list(timeoutMs);
      case MONITOR -> monitor(timeoutMs);
    };
  }

  /** Releases what the device holds open (a serial port); the default holds nothing. */
  @Override
  default void close() {}
}
