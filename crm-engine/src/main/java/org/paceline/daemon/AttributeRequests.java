package org.paceline.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.paceline.cib.Cib;
import org.paceline.cib.NodeState;
import org.paceline.cib.NvSet;
import org.paceline.node.RunDirAttributes;

/**
 * The admin requests behind Pacemaker's attribute commands ({@code crm_attribute}, {@code
 * crm_master}, {@code attrd_updater}): {@code attr set|delete|get reboot|forever|private NODE NAME
 * [VALUE]}, and {@code attr dampen reboot NODE NAME MS} for a transient attribute's dampening.
 *
 * <ul>
 *   <li>{@code reboot} (transient, the status section): this node's own are kept in its attributes
 *       directory, one file per attribute, which the node reports to the DC within a poll (the same
 *       store the demo agents write); a reboot or fencing clears them. Another node's are asked of
 *       that node's daemon ({@link RemoteAttributes}), which sets them in its own store; a node
 *       outside this partition's are read from the latest status this node has.
 *   <li>{@code forever} (permanent, the node's {@code instance_attributes}): committed through Raft
 *       like any configuration change, read from the replicated configuration.
 * </ul>
 *
 * The answer to {@code get} is the value alone; a missing attribute or node is an error whose text
 * starts with {@link #NO_SUCH}, which the commands turn into Pacemaker's exit code 105.
 */
final class AttributeRequests {
  /** The start of an error for a node or attribute that does not exist. */
  static final String NO_SUCH = "no such ";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:#-]*");

  /** What the requests need of the daemon. */
  interface Daemon {
    String self();

    Path attributesDir();

    /** The replicated configuration. */
    Cib configuration();

    /** The latest status this node has (any node's transient attributes), if any. */
    Optional<Cib> status();

    /** A member's private attribute ({@code attrd_updater --private}). */
    Optional<String> privateAttribute(String node, String name);

    /** Sets (null: deletes) one of this node's private attributes and tells the members. */
    void setPrivateAttribute(String name, String value);

    /** Commits a permanent node attribute (null: delete) and answers as the admin protocol. */
    String commitNodeAttribute(String node, String name, String value);

    /**
     * Asks another node's daemon to get, set or delete one of its transient attributes; answers as
     * the admin protocol.
     */
    String transientElsewhere(String op, String node, String name, String value);
  }

  private AttributeRequests() {}

  /** {@code rest}: "OP LIFETIME NODE NAME [VALUE]". */
  static String handle(String rest, Daemon d) {
    String[] w = rest == null ? new String[0] : rest.strip().split(" ", 5);
    if (w.length < 4) {
      return AdminProtocol.ERROR + "usage: attr set|delete|get reboot|forever NODE NAME [VALUE]";
    }
    String op = w[0];
    String lifetime = w[1];
    String node = w[2].equals("-") ? d.self() : w[2];
    String name = w[3];
    if (!NAME.matcher(name).matches()) {
      return AdminProtocol.ERROR
          + "'"
          + name
          + "' is not an attribute name (letters, digits and _ . : # -, not starting with . : # -)";
    }
    if (!lifetime.equals("reboot") && !lifetime.equals("forever") && !lifetime.equals("private")) {
      return AdminProtocol.ERROR
          + "lifetime '"
          + lifetime
          + "' is none of reboot, forever and private";
    }
    if (!node.equals(d.self()) && d.configuration().configuration().node(node).isEmpty()) {
      return AdminProtocol.ERROR + NO_SUCH + "node '" + node + "' in the configuration";
    }
    switch (op) {
      case "get":
        return get(d, lifetime, node, name);
      case "set":
        if (w.length < 5) {
          return AdminProtocol.ERROR + "usage: attr set reboot|forever NODE NAME VALUE";
        }
        return set(d, lifetime, node, name, w[4]);
      case "delete":
        return set(d, lifetime, node, name, null);
      case "dampen":
        return dampen(d, lifetime, node, name, w.length < 5 ? null : w[4]);
      default:
        return AdminProtocol.ERROR + "unknown attribute request '" + op + "'";
    }
  }

  private static String get(Daemon d, String lifetime, String node, String name) {
    Optional<String> value;
    if (lifetime.equals("private")) {
      value = d.privateAttribute(node, name);
    } else if (lifetime.equals("forever")) {
      value =
          d.configuration()
              .configuration()
              .node(node)
              .flatMap(n -> NvSet.lookup(n.instanceAttributes(), name));
    } else if (node.equals(d.self())) {
      value = Optional.ofNullable(new RunDirAttributes(d.attributesDir()).get().get(name));
    } else {
      String asked = d.transientElsewhere("get", node, name, null);
      if (asked.startsWith(AdminProtocol.OK) || asked.startsWith(AdminProtocol.ERROR + NO_SUCH)) {
        return asked;
      }
      // Not in this partition (or not answering): what the latest status says.
      value =
          d.status()
              .flatMap(c -> c.nodeState(node))
              .map(NodeState::transientAttributes)
              .flatMap(sets -> NvSet.lookup(sets, name));
    }
    return value
        .map(v -> AdminProtocol.OK + "\n" + v)
        .orElse(
            AdminProtocol.ERROR
                + NO_SUCH
                + "attribute "
                + name
                + " ("
                + lifetime
                + ") on node "
                + node);
  }

  /**
   * Sets a transient attribute's dampening (0: none), kept beside the node's attributes: its
   * changes then reach the DC that long after their first change, with the latest value (see
   * RunnerNodeSide). Only the node that keeps the attribute holds it back.
   */
  private static String dampen(Daemon d, String lifetime, String node, String name, String ms) {
    long delay;
    try {
      delay = ms == null ? -1 : Long.parseLong(ms);
    } catch (NumberFormatException e) {
      delay = -1;
    }
    if (delay < 0) {
      return AdminProtocol.ERROR + "usage: attr dampen reboot NODE NAME MILLISECONDS";
    }
    if (!lifetime.equals("reboot")) {
      return AdminProtocol.ERROR + "only transient (reboot) attributes are dampened";
    }
    if (!node.equals(d.self())) {
      return AdminProtocol.ERROR
          + "the dampening of "
          + name
          + " is set on its own node ("
          + node
          + "), not from "
          + d.self();
    }
    Path dir = d.attributesDir().resolve(RunDirAttributes.DAMPENING_DIR);
    Path file = dir.resolve(name);
    try {
      if (delay == 0) {
        Files.deleteIfExists(file);
        return AdminProtocol.OK + "\nno dampening for " + name;
      }
      Files.createDirectories(dir);
      Path tmp = dir.resolve(name + ".new");
      Files.writeString(tmp, delay + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return AdminProtocol.OK + "\ndampening of " + name + ": " + delay + " ms";
    } catch (IOException e) {
      return AdminProtocol.ERROR + "cannot write " + file + ": " + e.getMessage();
    }
  }

  private static String set(Daemon d, String lifetime, String node, String name, String value) {
    if (value != null
        && (value.length() > RunDirAttributes.MAX_VALUE_CHARS
            || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0))) {
      return AdminProtocol.ERROR
          + "the value of "
          + name
          + " must be one line of at most "
          + RunDirAttributes.MAX_VALUE_CHARS
          + " characters";
    }
    if (lifetime.equals("private")) {
      if (!node.equals(d.self())) {
        return AdminProtocol.ERROR
            + "a private attribute is set by its own node ("
            + node
            + "), not from "
            + d.self();
      }
      boolean existed = d.privateAttribute(node, name).isPresent();
      d.setPrivateAttribute(name, value);
      return AdminProtocol.OK
          + (value == null && !existed ? "\nnothing to delete" : "\nset " + name);
    }
    if (lifetime.equals("forever")) {
      Optional<String> existing =
          d.configuration().configuration().node(node).stream()
              .flatMap(n -> n.instanceAttributes().stream())
              .flatMap(set -> set.nvpairs().stream())
              .filter(p -> p.name().equals(name))
              .map(org.paceline.cib.NvPair::id)
              .findFirst();
      String answer = d.commitNodeAttribute(node, name, value);
      if (value == null && existing.isPresent() && answer.startsWith(AdminProtocol.OK)) {
        return AdminProtocol.OK + "\ndeleted id=" + existing.get();
      }
      return answer;
    }
    if (!node.equals(d.self())) {
      return d.transientElsewhere(value == null ? "delete" : "set", node, name, value);
    }
    Path dir = d.attributesDir();
    Path file = dir.resolve(name);
    try {
      if (value == null) {
        if (!Files.deleteIfExists(file)) {
          return AdminProtocol.OK + "\nnothing to delete";
        }
        // Named as Pacemaker names a transient attribute's nvpair.
        String id =
            d.configuration()
                .configuration()
                .node(node)
                .map(org.paceline.cib.Node::id)
                .orElse(node);
        return AdminProtocol.OK + "\ndeleted id=status-" + id + "-" + name;
      }
      Files.createDirectories(dir);
      Path tmp = dir.resolve(name + ".new");
      Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return AdminProtocol.OK + "\nset " + name;
    } catch (IOException e) {
      return AdminProtocol.ERROR + "cannot write " + file + ": " + e.getMessage();
    }
  }
}
