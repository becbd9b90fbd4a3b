package org.paceline.cib;

import java.util.List;

/**
 * A tag: a name for a list of resources, usable where constraints name a resource.
 *
 * @param id the tag id
 * @param refs the tagged object ids
 */
public record Tag(String id, List<String> refs) {
  public Tag {
    refs = Immutables.list(refs);
  }
}
