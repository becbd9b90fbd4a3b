package org.paceline.cib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Pacemaker 2.1.5's scheduler regression inputs, read in place from {@code ../shared} (GPLv2+ test
 * data that must not be copied into the project). Tests that use them are skipped where the corpus
 * is absent.
 */
final class PacemakerCorpus {
  private PacemakerCorpus() {}

  static Path dir() {
    String configured = System.getProperty("paceline.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("../../shared");
    return shared.resolve("scheduler-cases").normalize();
  }

  /** The case names listed in cases.txt; skips the calling test when the corpus is absent. */
  static List<String> cases() throws IOException {
    Path list = dir().resolve("cases.txt");
    Assumptions.assumeTrue(Files.isRegularFile(list), "no Pacemaker corpus at " + dir());
    return Files.readAllLines(list).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The case names listed in all-cases.txt (the whole corpus); skips when it is absent. */
  static List<String> allCases() throws IOException {
    Path list = dir().resolve("all-cases.txt");
    Assumptions.assumeTrue(Files.isRegularFile(list), "no Pacemaker corpus at " + dir());
    return Files.readAllLines(list).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static Path xml(String name) {
    return dir().resolve("xml").resolve(name + ".xml");
  }
}
