package org.paceline.daemon;

import java.util.concurrent.atomic.AtomicReference;
import org.jgroups.logging.CustomLogFactory;
import org.jgroups.logging.Log;
import org.jgroups.logging.LogFactory;

/**
 * Routes the log of JGroups and jgroups-raft (both log through JGroups' own {@link Log}
 * abstraction) into the daemon's log, so a failed join, a suspicion or an exception in Raft's apply
 * loop is a line in the same place as everything else. Without it JGroups picks SLF4J when the API
 * is on the class path (ArchUnit brings it into every test JVM) and, with no SLF4J provider, drops
 * every line: jgroups-raft's "failed moving commit_index" error behind the apply stall of issue 22
 * was logged nowhere.
 *
 * <p>Levels {@link #LEVEL} and above are routed (warnings, errors, JGroups' few info lines); debug
 * and trace are not, they are meant for a developer's session.
 */
public final class JGroupsLogBridge implements CustomLogFactory {
  /** The least severe JGroups level routed into the daemon's log. */
  public static final Level LEVEL = Level.INFO;

  /** JGroups' levels, most severe first. */
  public enum Level {
    FATAL,
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  /** The daemon log of the process; the first daemon of a JVM (tests run several) wins. */
  private static final AtomicReference<DaemonLog> TARGET = new AtomicReference<>();

  private final DaemonLog target;

  /** A bridge into {@code target} (tests; the daemon uses {@link #install}). */
  JGroupsLogBridge(DaemonLog target) {
    this.target = java.util.Objects.requireNonNull(target, "target");
  }

  /**
   * Installs the bridge for the whole process, writing to {@code log}. Must run before the first
   * JGroups protocol is built: each protocol takes its logger when it is constructed.
   */
  public static void install(DaemonLog log) {
    if (TARGET.compareAndSet(null, log)) {
      LogFactory.setCustomLogFactory(new JGroupsLogBridge(log));
    }
  }

  @Override
  public Log getLog(Class<?> clazz) {
    return new Bridged(target, clazz.getSimpleName());
  }

  @Override
  public Log getLog(String category) {
    int dot = category.lastIndexOf('.');
    return new Bridged(target, dot < 0 ? category : category.substring(dot + 1));
  }

  /**
   * Formats a JGroups message: its {@code %s}/{@code %d} placeholders as {@link String#format},
   * keeping the raw message when the arguments do not fit (a log line must never throw).
   */
  static String format(String message, Object... args) {
    if (args == null || args.length == 0) {
      return message;
    }
    try {
      return String.format(message, args);
    } catch (java.util.IllegalFormatException e) {
      return message + " " + java.util.Arrays.toString(args);
    }
  }

  /** One logger, named after the JGroups class that logs (RAFT, GMS, NO_DUPES...). */
  private static final class Bridged implements Log {
    private final DaemonLog log;
    private final String logger;
    private volatile Level level = LEVEL;

    Bridged(DaemonLog log, String logger) {
      this.log = log;
      this.logger = logger;
    }

    private boolean enabled(Level l) {
      return l.ordinal() <= level.ordinal();
    }

    private void write(Level l, String message, Throwable t) {
      if (!enabled(l)) {
        return;
      }
      if (t == null) {
        log.info("jgroups: " + message, "level", l, "logger", logger);
      } else {
        // The exception's class and message, and where it was thrown: the stack's top frames
        // are what tells an apply-loop failure from another.
        StackTraceElement[] st = t.getStackTrace();
        log.info(
            "jgroups: " + message,
            "level",
            l,
            "logger",
            logger,
            "error",
            t.toString(),
            "at",
            st.length == 0 ? "?" : st[0].toString());
      }
    }

    private void write(Level l, String message, Object... args) {
      if (!enabled(l)) {
        return;
      }
      Throwable t = null;
      if (args != null && args.length > 0 && args[args.length - 1] instanceof Throwable last) {
        t = last;
      }
      write(l, format(message, args), t);
    }

    @Override
    public boolean isFatalEnabled() {
      return enabled(Level.FATAL);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public void fatal(String msg) {
      write(Level.FATAL, msg, (Throwable) null);
    }

    @Override
    public void fatal(String msg, Object... args) {
      write(Level.FATAL, msg, args);
    }

    @Override
    public void fatal(String msg, Throwable t) {
      write(Level.FATAL, msg, t);
    }

    @Override
    public void error(String msg) {
      write(Level.ERROR, msg, (Throwable) null);
    }

    @Override
    public void error(String msg, Object... args) {
      write(Level.ERROR, msg, args);
    }

    @Override
    public void error(String msg, Throwable t) {
      write(Level.ERROR, msg, t);
    }

    @Override
    public void warn(String msg) {
      write(Level.WARN, msg, (Throwable) null);
    }

    @Override
    public void warn(String msg, Object... args) {
      write(Level.WARN, msg, args);
    }

    @Override
    public void warn(String msg, Throwable t) {
      write(Level.WARN, msg, t);
    }

    @Override
    public void info(String msg) {
      write(Level.INFO, msg, (Throwable) null);
    }

    @Override
    public void info(String msg, Object... args) {
      write(Level.INFO, msg, args);
    }

    @Override
    public void debug(String msg) {
      write(Level.DEBUG, msg, (Throwable) null);
    }

    @Override
    public void debug(String msg, Object... args) {
      write(Level.DEBUG, msg, args);
    }

    @Override
    public void debug(String msg, Throwable t) {
      write(Level.DEBUG, msg, t);
    }

    @Override
    public void trace(Object msg) {
      write(Level.TRACE, String.valueOf(msg), (Throwable) null);
    }

    @Override
    public void trace(String msg) {
      write(Level.TRACE, msg, (Throwable) null);
    }

    @Override
    public void trace(String msg, Object... args) {
      write(Level.TRACE, msg, args);
    }

    @Override
    public void trace(String msg, Throwable t) {
      write(Level.TRACE, msg, t);
    }

    @Override
    public void setLevel(String name) {
      try {
        level = Level.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        // JGroups passes its own level names; an unknown one keeps the current level.
      }
    }

    @Override
    public String getLevel() {
      return level.name();
    }
  }
}
