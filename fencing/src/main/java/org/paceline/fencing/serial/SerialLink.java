package org.paceline.fencing.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An open serial port to a power switch. jSerialComm does not notice a port that vanished (reads
 * return -1 and writes 0 while {@code isOpen()} stays true), so every read and write checks for
 * that itself; and it rewrites a missing path to {@code /dev/<basename>} before failing, so the
 * path's existence is checked first for a clear message.
 */
public final class SerialLink implements AutoCloseable {
  /** How long one blocking read waits before the deadline is re-checked. */
  public static final int READ_SLICE_MS = 50;

  private final String path;
  private final SerialPort port;
  private final StringBuilder received = new StringBuilder();

  private SerialLink(String path, SerialPort port) {
    this.path = path;
    this.port = port;
  }

  /** Opens {@code path} at {@code baud} 8N1. */
  public static SerialLink open(String path, int baud) throws SerialLinkException {
    if (!Files.exists(Path.of(path))) {
      throw new SerialLinkException("serial port " + path + " does not exist", false);
    }
    SerialPort p = SerialPort.getCommPort(path);
    p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_SLICE_MS, 0);
    if (!p.openPort()) {
      throw new SerialLinkException(
          "serial port " + path + " cannot be opened (in use by another process, or no access)",
          false);
    }
    return new SerialLink(path, p);
  }

  public String path() {
    return path;
  }

  /** Writes {@code text}; a write of 0 bytes means the peer vanished. */
  public void write(String text) throws SerialLinkException {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    int off = 0;
    while (off < b.length) {
      int n = port.writeBytes(b, b.length - off, off);
      if (n <= 0) {
        throw new SerialLinkException(
            "serial port " + path + " vanished (write returned " + n + ")", false);
      }
      off += n;
    }
  }

  /**
   * Reads until the received text contains one of {@code tokens}, returning everything read up to
   * and including it (the rest stays buffered).
   */
  public String readUntil(long deadlineNanos, String... tokens) throws SerialLinkException {
    byte[] buf = new byte[256];
    while (true) {
      int best = -1;
      String hit = null;
      for (String t : tokens) {
        int i = received.indexOf(t);
        if (i >= 0 && (best < 0 || i < best)) {
          best = i;
          hit = t;
        }
      }
      if (hit != null) {
        String out = received.substring(0, best + hit.length());
        received.delete(0, best + hit.length());
        return out;
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new SerialLinkException(
            "power switch on "
                + path
                + " did not answer in time (waiting for "
                + String.join(" or ", tokens)
                + ")",
            true);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new SerialLinkException("interrupted reading " + path, false);
      }
      int n = port.readBytes(buf, buf.length);
      if (n < 0) {
        throw new SerialLinkException(
            "serial port " + path + " vanished (read returned -1)", false);
      }
      received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }
  }

  @Override
  public void close() {
    port.closePort();
  }
}
