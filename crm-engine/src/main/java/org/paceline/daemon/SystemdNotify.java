package org.paceline.daemon;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;

/**
 * systemd's readiness protocol ({@code sd_notify(3)}) without libsystemd: a datagram with {@code
 * KEY=VALUE} lines to the Unix socket named by {@code $NOTIFY_SOCKET} (a leading {@code @} is the
 * abstract namespace). Used with {@code Type=notify} and {@code WatchdogSec=} in paceline.service:
 * READY=1 once the node has joined, WATCHDOG=1 while the controller answers, STOPPING=1 when a
 * clean stop begins. Without {@code $NOTIFY_SOCKET} (not under systemd) every call does nothing.
 */
final class SystemdNotify {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final int SUN_PATH_MAX = 108;

  /** The libc calls it needs. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int sendto(int fd, byte[] buf, int len, int flags, byte[] addr, int addrlen)
        throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final String socket;
  private LibC libc;

  SystemdNotify(String notifySocket) {
    this.socket = notifySocket == null || notifySocket.isEmpty() ? null : notifySocket;
  }

  /** From the environment. */
  static SystemdNotify fromEnvironment() {
    return new SystemdNotify(System.getenv("NOTIFY_SOCKET"));
  }

  boolean enabled() {
    return socket != null;
  }

  /**
   * The watchdog interval systemd expects pings within ({@code $WATCHDOG_USEC}), in ms, or 0 when
   * there is none (or it is meant for another process: {@code $WATCHDOG_PID}).
   */
  static long watchdogMs() {
    String usec = System.getenv("WATCHDOG_USEC");
    String pid = System.getenv("WATCHDOG_PID");
    if (usec == null || usec.isEmpty()) {
      return 0;
    }
    if (pid != null
        && !pid.isEmpty()
        && !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
      return 0;
    }
    try {
      return Long.parseLong(usec.trim()) / 1000;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Sends {@code state} (e.g. "READY=1\nSTATUS=joined"); returns false when it could not be sent
   * (or no socket is configured). Never throws: readiness reporting must not stop the node.
   */
  synchronized boolean send(String state) {
    if (socket == null) {
      return false;
    }
    byte[] path = socket.getBytes(StandardCharsets.UTF_8);
    if (path.length == 0 || path.length >= SUN_PATH_MAX) {
      return false;
    }
    if (path[0] == '@') {
      path[0] = 0; // abstract namespace
    }
    // struct sockaddr_un: sa_family_t (2 bytes, native order: little-endian on x86/arm64) + path.
    byte[] addr = new byte[2 + path.length + (path[0] == 0 ? 0 : 1)];
    addr[0] = (byte) AF_UNIX;
    addr[1] = 0;
    System.arraycopy(path, 0, addr, 2, path.length);
    byte[] msg = state.getBytes(StandardCharsets.UTF_8);
    int fd = -1;
    try {
      if (libc == null) {
        libc = Native.load("c", LibC.class);
      }
      fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      return libc.sendto(fd, msg, msg.length, 0, addr, addr.length) == msg.length;
    } catch (LastErrorException | UnsatisfiedLinkError e) {
      return false;
    } finally {
      if (fd >= 0) {
        try {
          libc.close(fd);
        } catch (LastErrorException e) {
          // Nothing to do about a failed close of a datagram socket.
        }
      }
    }
  }
}
