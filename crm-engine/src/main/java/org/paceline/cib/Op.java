package org.paceline.cib;

import java.util.List;
import java.util.Map;

/**
 * A configured operation of a primitive ({@code <op>}): a recurring monitor, or settings for
 * start/stop/promote/demote/...
 *
 * @param id the op's id
 * @param name the action: monitor, start, stop, promote, demote, migrate_to, notify, ...
 * @param interval the interval as written (0 for one-shot actions); see {@link #intervalMs()}
 * @param timeout the timeout as written, or null for the default
 * @param role the role a monitor applies to, or null
 * @param onFail ignore, block, stop, restart, standby, fence, demote, or null for the default
 * @param enabled false to disable a recurring op; null when not written
 * @param metaAttributes op meta attribute sets
 * @param instanceAttributes op instance attribute sets
 * @param otherAttributes attributes the model does not type (start-delay, record-pending, ...)
 */
public record Op(
    String id,
    String name,
    String interval,
    String timeout,
    Role role,
    String onFail,
    Boolean enabled,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    Map<String, String> otherAttributes) {
  public Op {
    metaAttributes = Immutables.list(metaAttributes);
    instanceAttributes = Immutables.list(instanceAttributes);
    otherAttributes = Immutables.attributes(otherAttributes);
  }

  /** The interval in milliseconds (0 when none is written). */
  public long intervalMs() {
    return interval == null ? 0 : IntervalSpec.toMs(interval);
  }

  /** The timeout in milliseconds, or -1 when none is written. */
  public long timeoutMs() {
    return timeout == null ? -1 : IntervalSpec.toMs(timeout);
  }
}
