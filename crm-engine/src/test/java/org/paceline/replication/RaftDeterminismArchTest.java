package org.paceline.replication;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The quorum decision and the configuration edits are pure (STYLE.md #2): no clock, no randomness,
 * no JGroups, so a simulator can drive them and every voter applies entries identically.
 */
@Tag("unit")
class RaftDeterminismArchTest {
  @Test
  void decisionCodeIsPure() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline.replication");
    noClasses()
        .that()
        .haveSimpleNameStartingWith("Quorum")
        .or()
        .haveSimpleNameStartingWith("ConfigurationEdits")
        .or()
        .haveSimpleNameStartingWith("ConfigEntry")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Instant")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("org.jgroups..")
        .check(classes);
  }
}
