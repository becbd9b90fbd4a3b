package org.paceline.daemon;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private node attributes ({@code attrd_updater --private}), as Pacemaker's attribute manager keeps
 * them: never written to the CIB, readable from every node. Each node holds its own and the latest
 * copy of every other member's, which each member sends to all the others whenever its own change
 * and when members join ({@link PrivateAttributeSet}); a node that leaves takes its private
 * attributes with it, as a restart or fencing clears them.
 */
final class PrivateAttributes {
  /**
   * One member's whole set of private attributes (the newest replaces the older: the messages of
   * one member arrive in order).
   */
  record PrivateAttributeSet(String node, Map<String, String> values) {
    PrivateAttributeSet {
      values = Map.copyOf(values);
    }
  }

  private final String self;
  private final Map<String, Map<String, String>> byNode = new ConcurrentHashMap<>();

  PrivateAttributes(String self) {
    this.self = self;
    byNode.put(self, Map.of());
  }

  /** Sets (null: deletes) one of this node's own; returns the message to send to the others. */
  synchronized PrivateAttributeSet set(String name, String value) {
    Map<String, String> mine = new TreeMap<>(byNode.get(self));
    if (value == null) {
      mine.remove(name);
    } else {
      mine.put(name, value);
    }
    byNode.put(self, Map.copyOf(mine));
    return own();
  }

  /** This node's own, as a message. */
  PrivateAttributeSet own() {
    return new PrivateAttributeSet(self, byNode.get(self));
  }

  Optional<String> get(String node, String name) {
    return Optional.ofNullable(byNode.getOrDefault(node, Map.of()).get(name));
  }

  /** Every node's value of {@code name}, by node. */
  Map<String, String> all(String name) {
    Map<String, String> out = new TreeMap<>();
    byNode.forEach(
        (node, values) -> {
          String v = values.get(name);
          if (v != null) {
            out.put(node, v);
          }
        });
    return out;
  }

  /** Another member's set, as it sent it. */
  void received(PrivateAttributeSet m) {
    if (!m.node().equals(self)) {
      byNode.put(m.node(), m.values());
    }
  }

  /** Forgets the members no longer in view. */
  void retain(Collection<String> members) {
    byNode.keySet().removeIf(n -> !n.equals(self) && !members.contains(n));
  }
}
