package org.paceline.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibFormatException;

/**
 * A {@link StatusSource} that reads a saved CIB (XML or YAML, with its status section) on every
 * snapshot, as {@code crm status -x FILE} and {@code crm_mon -x} do.
 */
public final class CibFileStatusSource implements StatusSource {
  private final Path file;
  private final String localNode;
  private final String activeResource;
  private final Supplier<Instant> clock;

  /**
   * @param file the CIB file
   * @param localNode the node to see it from, or null
   * @param activeResource the resource marking the active node, or null
   * @param clock the time stamped on each snapshot
   */
  public CibFileStatusSource(
      Path file, String localNode, String activeResource, Supplier<Instant> clock) {
    this.file = file;
    this.localNode = localNode;
    this.activeResource = activeResource;
    this.clock = clock;
  }

  @Override
  public ClusterSnapshot snapshot() throws StatusUnavailableException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new StatusUnavailableException(file + ": cannot read the CIB file", true);
    }
    Cib cib;
    try {
      cib = CibFiles.read(file).cib();
    } catch (CibFormatException e) {
      throw new StatusUnavailableException(file + ": " + e.getMessage(), false);
    }
    return ClusterSnapshot.fromCib(cib, localNode, activeResource, clock.get());
  }
}
