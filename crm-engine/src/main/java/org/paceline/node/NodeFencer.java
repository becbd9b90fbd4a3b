package org.paceline.node;

import org.paceline.cib.Cib;
import org.paceline.controller.Effect;

/**
 * What a node side fences with: the daemon's {@link FenceRunner} (fence agents on this node), or a
 * simulated fence device. The result of each request goes, as an {@code Event.FenceResult}, to the
 * sink the fencer was created with.
 */
public interface NodeFencer extends AutoCloseable {
  /** The configuration devices and topology are read from for later requests. */
  void setConfiguration(Cib cib);

  /** Fences a node; never blocks on the device. */
  void fence(Effect.Fence f);

  @Override
  void close();
}
