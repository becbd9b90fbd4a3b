package org.paceline.replication;

import java.io.DataInput;
import java.io.DataOutput;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jgroups.raft.StateMachine;
import org.paceline.cib.Cib;
import org.paceline.cib.CibXmlReader;
import org.paceline.cib.CibXmlWriter;

/**
 * The CIB configuration as a Raft replicated state machine: jgroups-raft calls {@link #apply} with
 * each committed entry, in log order, on every voter; snapshots are the CIB XML. Each applied entry
 * bumps the CIB epoch, so equal epochs on two voters mean equal configurations.
 */
public final class ReplicatedConfiguration implements StateMachine {
  /** Result prefix of an applied entry (followed by the new version). */
  public static final String APPLIED = "applied ";

  /** Result prefix of a rejected entry (followed by the reason). */
  public static final String REJECTED = "rejected ";

  private volatile Cib cib = new Cib(null, null, null, null, null, null, null, null, null);
  private final Consumer<Cib> onApplied;

  /**
   * {@code onApplied} is told of each new CIB, from an applied entry or an installed snapshot; it
   * must not block.
   */
  public ReplicatedConfiguration(Consumer<Cib> onApplied) {
    this.onApplied = onApplied;
  }

  /** The current (last applied) CIB. */
  public Cib cib() {
    return cib;
  }

  /** Entries whose application threw on this node since it started. */
  private final java.util.concurrent.atomic.AtomicLong applyFailures =
      new java.util.concurrent.atomic.AtomicLong();

  /** How many committed entries failed to apply on this node (status: raft_apply_failures). */
  public long applyFailures() {
    return applyFailures.get();
  }

  /**
   * Applies a committed entry. jgroups-raft catches an exception from here and moves on, telling
   * only the leader's waiting caller: on a follower the entry was skipped without a word and its
   * configuration silently parted from the others'. So an exception is reported on standard error
   * (the daemon's log) and counted before it is passed on.
   */
  @Override
  public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
    try {
      return applyEntry(data, offset, length, serializeResponse);
    } catch (RuntimeException ex) {
      applyFailures.incrementAndGet();
      System.err.println(
          "paceline: a committed configuration entry failed to apply on this node; its"
              + " configuration may differ from the other members' version="
              + cib.version()
              + " error="
              + ex);
      ex.printStackTrace();
      throw ex;
    }
  }

  private byte[] applyEntry(byte[] data, int offset, int length, boolean serializeResponse) {
    ConfigEntry e = ConfigEntry.decode(data, offset, length);
    String result;
    synchronized (this) {
      ConfigurationEdits.Outcome o = ConfigurationEdits.apply(cib, e);
      if (o instanceof ConfigurationEdits.Applied a) {
        cib = a.cib();
        result = APPLIED + cib.version();
      } else {
        result = REJECTED + ((ConfigurationEdits.Rejected) o).reason();
      }
    }
    if (!(e instanceof ConfigEntry.LeaderAnnounce)) {
      notifyApplied(cib);
    }
    return serializeResponse ? result.getBytes(StandardCharsets.UTF_8) : null;
  }

  @Override
  public void readContentFrom(DataInput in) throws Exception {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    Cib c = CibXmlReader.read(new String(b, StandardCharsets.UTF_8), "raft snapshot").cib();
    synchronized (this) {
      cib = c;
    }
    // A snapshot replaces the configuration like an applied entry does (a lagging or restarted
    // member after log compaction): the daemon learns joined members' addresses from it too.
    notifyApplied(c);
  }

  /**
   * Tells the listener of a new CIB. An exception there must not escape into jgroups-raft's apply
   * loop, which would stop applying committed entries on this node without a word (a follower stuck
   * on an old configuration was seen in CI): it is reported on standard error, which the daemon log
   * keeps, and applying goes on.
   */
  private void notifyApplied(Cib c) {
    try {
      onApplied.accept(c);
    } catch (RuntimeException ex) {
      System.err.println(
          "paceline: the listener of applied configuration " + c.version() + " failed: " + ex);
      ex.printStackTrace();
    }
  }

  @Override
  public void writeContentTo(DataOutput out) throws Exception {
    byte[] b = CibXmlWriter.write(cib).getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
