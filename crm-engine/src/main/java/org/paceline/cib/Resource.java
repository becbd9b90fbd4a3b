package org.paceline.cib;

import java.util.List;
import java.util.Optional;

/**
 * A configured resource: a {@link Primitive}, a {@link Group}, a {@link Clone} (promotable when its
 * meta attribute says so), or an element Paceline keeps verbatim ({@link OtherResource}: bundles,
 * templates).
 */
public sealed interface Resource permits Primitive, Group, Clone, OtherResource {
  String id();

  /** The resource's meta attribute sets (empty for kept-verbatim elements). */
  List<NvSet> metaAttributes();

  /** A meta attribute's value, ignoring rules. */
  default Optional<String> meta(String name) {
    return NvSet.lookup(metaAttributes(), name);
  }

  /** The resources directly inside this one. */
  default List<Resource> children() {
    return List.of();
  }
}
