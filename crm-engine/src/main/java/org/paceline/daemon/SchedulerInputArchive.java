package org.paceline.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.paceline.cib.Cib;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibXmlWriter;

/**
 * The DC's saved scheduler inputs, {@code pe-inputs/pe-input-N.xml} in the data directory, for
 * replay with {@code crm simulate -x}: numbered on across restarts and changes of DC, the last
 * {@link #INPUTS_KEPT} kept.
 */
final class SchedulerInputArchive {
  /** Scheduler inputs kept for replay with {@code crm simulate -x}. */
  static final int INPUTS_KEPT = 100;

  private final Path inputs;
  private final DaemonLog log;
  private long inputNumber = -1;

  SchedulerInputArchive(Path inputs, DaemonLog log) {
    this.inputs = inputs;
    this.log = log;
  }

  /**
   * The input with the feature set it was read with on {@code <cib>}, as Pacemaker's CIB always has
   * it: without it Pacemaker's tools take the file for a pre-3.0.13 one and ignore per-operation
   * fail counts ({@code fail-count-RSC#OP_INTERVAL}), so crm_simulate on a saved input would not
   * see a migration-threshold reached.
   */
  static Cib withFeatureSet(Cib input) {
    return input.otherAttributes().containsKey("crm_feature_set")
        ? input
        : input.withAttribute(
            "crm_feature_set", org.paceline.agents.OcfScriptAgent.CRM_FEATURE_SET);
  }

  void save(Cib input) {
    try {
      Files.createDirectories(inputs);
      if (inputNumber < 0) {
        // Numbers go on across restarts and changes of DC, as Pacemaker's pe-input-N do.
        try (Stream<Path> files = Files.list(inputs)) {
          inputNumber =
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.matches("pe-input-[0-9]+\\.xml"))
                  .mapToLong(n -> Long.parseLong(n.replaceAll("[^0-9]", "")))
                  .max()
                  .orElse(0);
        }
      }
      inputNumber++;
      CibFiles.writeAtomically(
          inputs.resolve("pe-input-" + inputNumber + ".xml"),
          CibXmlWriter.write(withFeatureSet(input)));
      try (Stream<Path> files = Files.list(inputs)) {
        List<Path> all =
            files
                .filter(p -> p.getFileName().toString().matches("pe-input-[0-9]+\\.xml"))
                .sorted(
                    (a, b) ->
                        Long.compare(
                            Long.parseLong(a.getFileName().toString().replaceAll("[^0-9]", "")),
                            Long.parseLong(b.getFileName().toString().replaceAll("[^0-9]", ""))))
                .toList();
        for (int i = 0; i < all.size() - INPUTS_KEPT; i++) {
          Files.deleteIfExists(all.get(i));
        }
      }
    } catch (IOException e) {
      log.info("cannot save scheduler input", "error", e.getMessage());
    }
  }
}
