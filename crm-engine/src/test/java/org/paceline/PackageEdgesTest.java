package org.paceline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Edges of the package layering (user entry points > daemon > http, membership, simulate, ... >
 * scheduler > cib) that were once upward and were removed: they stay removed (STYLE.md rule 14).
 */
class PackageEdgesTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline");
  }

  @Test
  void theDaemonKnowsNeitherTheShellNorTheDemo() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.daemon..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.paceline.shell..", "org.paceline.demo..")
        .check(classes);
  }

  @Test
  void theDemoDoesNotUseTheShell() {
    // The shell's PacelineProgram adds the demo to the paceline command: the reverse edge would be
    // a cycle.
    noClasses()
        .that()
        .resideInAPackage("org.paceline.demo..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.paceline.shell..")
        .check(classes);
  }

  @Test
  void membershipDoesNotUseHttp() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.membership..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.paceline.http..")
        .check(classes);
  }

  @Test
  void simulatedExecutionIsBelowTheShellAndTheDaemon() {
    noClasses()
        .that()
        .resideInAPackage("org.paceline.simulate..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.paceline.shell..", "org.paceline.demo..", "org.paceline.daemon..")
        .check(classes);
  }
}
