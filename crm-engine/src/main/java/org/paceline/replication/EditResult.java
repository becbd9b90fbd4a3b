package org.paceline.replication;

/** The answer to a configuration edit: committed by a majority, or refused with a reason. */
public sealed interface EditResult permits EditResult.Committed, EditResult.Refused {
  /** A majority committed and applied the edit; {@code version} is the new CIB version. */
  record Committed(String version) implements EditResult {}

  /** Not acknowledged; {@code reason} says why in words ("no quorum: ..."). */
  record Refused(String reason) implements EditResult {}
}
