package org.paceline.membership;

import java.util.List;

/**
 * A JGroups view as the rest of Paceline sees it: who is reachable now, by node name. A view is NOT
 * a quorum (LAB-NOTES): both sides of a partition can briefly hold majority-sized views.
 *
 * @param viewId JGroups view id (increases with each view)
 * @param coordinator the view coordinator's node name (not the DC)
 * @param members node names in the view, sorted
 * @param merged whether this view came from a merge of partitions
 */
public record MembershipView(
    long viewId, String coordinator, List<String> members, boolean merged) {
  public MembershipView {
    members = members.stream().sorted().toList();
  }
}
