package org.paceline.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.cib.Cib;
import org.paceline.cib.Node;
import org.paceline.unpack.ClusterStatus;
import org.paceline.unpack.NodeStatus;
import org.paceline.unpack.Unpack;

/**
 * Everything a status display needs, as seen from one node at one moment: the CIB (configuration
 * and status section), the membership and quorum view, and the fencing history. The daemon builds
 * one from its live state; {@link #fromCib} builds one from a saved CIB. Immutable; no I/O.
 *
 * @param localNode the node this is seen from (may be null when read from a file)
 * @param cib configuration and status section
 * @param quorate whether this node's partition has quorum
 * @param dc the designated controller's node name, or null when there is none
 * @param onlineMembers the nodes in this node's membership view
 * @param lastReported per node, the last time it was heard from
 * @param fencingHistory fencing events, oldest first
 * @param activeResource the resource whose location makes a node "active" for the active/standby
 *     endpoints and the role file (a primitive, group or promotable clone id); may be null
 * @param takenAt when this snapshot was taken (the "Last updated" time)
 */
public record ClusterSnapshot(
    String localNode,
    Cib cib,
    boolean quorate,
    String dc,
    List<String> onlineMembers,
    Map<String, Instant> lastReported,
    List<FencingEvent> fencingHistory,
    String activeResource,
    Instant takenAt) {
  public ClusterSnapshot {
    onlineMembers = List.copyOf(onlineMembers);
    lastReported = Map.copyOf(lastReported);
    fencingHistory = List.copyOf(fencingHistory);
  }

  /**
   * A snapshot read from a CIB alone: quorum from {@code have-quorum}, the DC from {@code dc-uuid},
   * members from the node states; no report times and no fencing history.
   */
  public static ClusterSnapshot fromCib(
      Cib cib, String localNode, String activeResource, Instant takenAt) {
    long now = cib.executionDate() != null ? cib.executionDate() : takenAt.getEpochSecond();
    ClusterStatus status = Unpack.currentStatus(cib, now);
    List<String> online = new ArrayList<>();
    for (NodeStatus n : status.nodes()) {
      if (n.online()) {
        online.add(n.name());
      }
    }
    String dc = null;
    for (Node n : cib.configuration().nodes()) {
      if (n.id() != null && n.id().equals(cib.dcUuid())) {
        dc = n.uname();
      }
    }
    return new ClusterSnapshot(
        localNode,
        cib,
        status.haveQuorum(),
        dc,
        online,
        new TreeMap<>(),
        List.of(),
        activeResource,
        takenAt);
  }

  /** The same snapshot with a fencing history. */
  public ClusterSnapshot withFencingHistory(List<FencingEvent> history) {
    return new ClusterSnapshot(
        localNode, cib, quorate, dc, onlineMembers, lastReported, history, activeResource, takenAt);
  }

  /** The same snapshot with report times. */
  public ClusterSnapshot withLastReported(Map<String, Instant> times) {
    return new ClusterSnapshot(
        localNode, cib, quorate, dc, onlineMembers, times, fencingHistory, activeResource, takenAt);
  }

  /** The same snapshot with another active resource. */
  public ClusterSnapshot withActiveResource(String resource) {
    return new ClusterSnapshot(
        localNode,
        cib,
        quorate,
        dc,
        onlineMembers,
        lastReported,
        fencingHistory,
        resource,
        takenAt);
  }

  /** The same snapshot seen from another node. */
  public ClusterSnapshot seenFrom(String node) {
    return new ClusterSnapshot(
        node,
        cib,
        quorate,
        dc,
        onlineMembers,
        lastReported,
        fencingHistory,
        activeResource,
        takenAt);
  }
}
