package org.paceline.replication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One configuration change as a Raft log entry. Entries are applied in log order on every voter, so
 * they must be deterministic functions of the previous configuration.
 */
public sealed interface ConfigEntry
    permits ConfigEntry.ReplaceConfiguration,
        ConfigEntry.SetProperty,
        ConfigEntry.RemoveNode,
        ConfigEntry.LeaderAnnounce,
        ConfigEntry.SetNodeAttribute,
        ConfigEntry.ReplaceConfigurationIfEpoch,
        ConfigEntry.AddNode {

  /** Replace the whole configuration section with the one in a CIB XML document. */
  record ReplaceConfiguration(String cibXml) implements ConfigEntry {}

  /** Set a cluster property ({@code crm configure property NAME=VALUE}). */
  record SetProperty(String name, String value) implements ConfigEntry {}

  /** Remove a node from the configuration ({@code crm cluster remove NODE}). */
  record RemoveNode(String name) implements ConfigEntry {}

  /**
   * A no-op the DC appends after a view change that brought members in: its AppendEntries tell
   * followers who the leader is (jgroups-raft does not re-announce the leader after a merge, so a
   * follower back from isolation would otherwise stay leaderless until the next edit). Changes
   * nothing and does not bump the epoch.
   */
  record LeaderAnnounce() implements ConfigEntry {}

  /**
   * Set (or, with a null value, delete) a node's attribute in the configuration ({@code crm node
   * standby|online|maintenance NODE}).
   */
  record SetNodeAttribute(String node, String name, String value) implements ConfigEntry {}

  /**
   * Replace the configuration only if the CIB's epoch is still {@code epoch} (compare-and-set for
   * the shell's read-modify-write edits: an edit based on a stale read is rejected, not merged).
   */
  record ReplaceConfigurationIfEpoch(long epoch, String cibXml) implements ConfigEntry {}

  /**
   * Record a node that joined with {@code crm cluster join} (and was added as a Raft voter) in the
   * configuration, with where to reach it, so members whose node.yaml does not list it find it.
   */
  record AddNode(String name, String address, int port, String role) implements ConfigEntry {}

  /** The log entry bytes: a tag byte then length-prefixed UTF-8 strings. */
  default byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (this instanceof ReplaceConfiguration r) {
        out.writeByte(1);
        writeString(out, r.cibXml());
      } else if (this instanceof SetProperty s) {
        out.writeByte(2);
        writeString(out, s.name());
        writeString(out, s.value());
      } else if (this instanceof RemoveNode n) {
        out.writeByte(3);
        writeString(out, n.name());
      } else if (this instanceof LeaderAnnounce) {
        out.writeByte(4);
      } else if (this instanceof ReplaceConfigurationIfEpoch r) {
        out.writeByte(6);
        out.writeLong(r.epoch());
        writeString(out, r.cibXml());
      } else if (this instanceof AddNode n) {
        out.writeByte(7);
        writeString(out, n.name());
        writeString(out, n.address());
        out.writeInt(n.port());
        writeString(out, n.role());
      } else if (this instanceof SetNodeAttribute a) {
        out.writeByte(5);
        writeString(out, a.node());
        writeString(out, a.name());
        out.writeBoolean(a.value() != null);
        if (a.value() != null) {
          writeString(out, a.value());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a log entry; a malformed entry is a broken invariant (we wrote it). */
  static ConfigEntry decode(byte[] buf, int offset, int length) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(buf, offset, length))) {
      byte tag = in.readByte();
      return switch (tag) {
        case 1 -> new ReplaceConfiguration(readString(in));
        case 2 -> new SetProperty(readString(in), readString(in));
        case 3 -> new RemoveNode(readString(in));
        case 4 -> new LeaderAnnounce();
        case 5 -> {
          String node = readString(in);
          String name = readString(in);
          yield new SetNodeAttribute(node, name, in.readBoolean() ? readString(in) : null);
        }
        case 6 -> new ReplaceConfigurationIfEpoch(in.readLong(), readString(in));
        case 7 -> new AddNode(readString(in), readString(in), in.readInt(), readString(in));
        default -> throw new IllegalStateException("unknown config entry tag " + tag);
      };
    } catch (IOException e) {
      throw new IllegalStateException("malformed config entry", e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
