package org.paceline.cib;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the Cluster Information Base: configuration plus status, with its
 * version.
 *
 * @param version (admin_epoch, epoch, num_updates)
 * @param validateWith the schema the document claims (e.g. pacemaker-3.7)
 * @param haveQuorum whether the partition that wrote it had quorum, or null when not written
 * @param dcUuid the DC's node id, or null
 * @param executionDate the time the scheduler should take as "now" (epoch seconds), or null
 * @param otherAttributes attributes of {@code <cib>} the model does not type
 * @param configuration the configuration
 * @param status per-node status, in document order
 * @param otherStatusChildren status children the model keeps verbatim (tickets, ...)
 */
public record Cib(
    CibVersion version,
    String validateWith,
    Boolean haveQuorum,
    String dcUuid,
    Long executionDate,
    Map<String, String> otherAttributes,
    Configuration configuration,
    List<NodeState> status,
    List<XmlNode> otherStatusChildren) {
  /** The schema Paceline writes at least, since it writes the Promoted/Unpromoted role words. */
  public static final String MIN_SCHEMA = "pacemaker-3.7";

  public Cib {
    version = version == null ? CibVersion.INITIAL : version;
    validateWith = validateWith == null ? MIN_SCHEMA : validateWith;
    configuration = configuration == null ? Configuration.empty() : configuration;
    otherAttributes = Immutables.attributes(otherAttributes);
    status = Immutables.list(status);
    otherStatusChildren = Immutables.list(otherStatusChildren);
  }

  /** The status of a node by name. */
  public Optional<NodeState> nodeState(String uname) {
    return status.stream().filter(s -> uname.equals(s.uname())).findFirst();
  }

  /** This CIB with another configuration (status and version unchanged). */
  /** This CIB with one more attribute of {@code <cib>} (replacing one of the same name). */
  public Cib withAttribute(String name, String value) {
    Map<String, String> attrs = new java.util.LinkedHashMap<>(otherAttributes);
    attrs.put(name, value);
    return new Cib(
        version,
        validateWith,
        haveQuorum,
        dcUuid,
        executionDate,
        attrs,
        configuration,
        status,
        otherStatusChildren);
  }

  public Cib withConfiguration(Configuration c) {
    return new Cib(
        version,
        validateWith,
        haveQuorum,
        dcUuid,
        executionDate,
        otherAttributes,
        c,
        status,
        otherStatusChildren);
  }

  /** This CIB with another status section. */
  public Cib withStatus(List<NodeState> s) {
    return new Cib(
        version,
        validateWith,
        haveQuorum,
        dcUuid,
        executionDate,
        otherAttributes,
        configuration,
        s,
        otherStatusChildren);
  }
}
