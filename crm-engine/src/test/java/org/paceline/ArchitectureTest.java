package org.paceline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps decision code deterministic (STYLE.md rule 2): the model reads no clock and draws no random
 * numbers, and nothing in the model depends on the shell above it.
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline");
  }

  @Test
  void theModelHasNoClockOrRandomness() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.cib..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Instant")
        .check(classes);
  }

  @Test
  void theModelDoesNotKnowTheShell() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.cib..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.paceline.shell..")
        .check(classes);
  }

  @Test
  void statusRenderingReadsNoClockAndNoFiles() {
    // Displays are functions of a snapshot: the same snapshot gives the same bytes. Only the file
    // source (the seam to the outside) reads files and the clock it is given.
    noClasses()
        .that()
        .resideInAPackage("org.paceline.status..")
        .and()
        .doNotHaveSimpleName("CibFileStatusSource")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("org.paceline.shell..", "org.paceline.http..")
        .check(classes);
  }
}
