package org.paceline.unpack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the unpack below its users (STYLE.md rule 14): what the CIB means is read from the CIB
 * model alone, so the scheduler and the status displays can both use it and neither goes through
 * the other; and, being decision input, it reads no clock.
 */
class UnpackLayeringTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline");
  }

  @Test
  void theUnpackDependsOnlyOnTheCibModel() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.unpack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.paceline.scheduler..",
            "org.paceline.status..",
            "org.paceline.shell..",
            "org.paceline.daemon..",
            "org.paceline.controller..",
            "org.paceline.executor..",
            "org.paceline.http..")
        .check(classes);
  }

  @Test
  void theUnpackReadsNoClock() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.unpack..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Instant")
        .check(classes);
  }
}
