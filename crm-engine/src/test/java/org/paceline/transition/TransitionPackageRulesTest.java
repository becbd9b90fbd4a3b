package org.paceline.transition;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the transition walker a pure graph consumer below the controller (STYLE.md rules 1, 2 and
 * 14): it never reaches up into the controller, and it does no I/O, reads no clock, starts no
 * thread and draws no random number.
 */
class TransitionPackageRulesTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline");
  }

  @Test
  void theWalkerDoesNotKnowTheController() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.transition..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.paceline.controller..",
            "org.paceline.daemon..",
            "org.paceline.node..",
            "org.paceline.shell..")
        .check(classes);
  }

  @Test
  void theWalkerIsPure() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.transition..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.util.concurrent..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("java.time..")
        .check(classes);
  }
}
