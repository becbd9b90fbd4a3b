package org.paceline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rules STYLE.md states in prose, as tests (rule 14): decision code is deterministic (rule 2),
 * packages follow the pipeline with no upward edge (rule 1), and no two packages need each other.
 * docs/architecture.md draws the same layers.
 */
@Tag("unit")
class ArchitectureTest {
  /** The packages that decide: a function of their inputs, with {@code now} and seeds passed in. */
  static final String[] DECISION = {
    "org.paceline.cib..",
    "org.paceline.unpack..",
    "org.paceline.scheduler..",
    "org.paceline.controller..",
    "org.paceline.transition.."
  };

  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline");
  }

  @Test
  void decisionCodeReadsNoClockAndDrawsNoRandomNumbers() {
    noClasses()
        .that()
        .resideInAnyPackage(DECISION)
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Math.class, "random")
        .orShould()
        .callMethod(java.util.UUID.class, "randomUUID")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.ZonedDateTime.class, "now")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.SplittableRandom")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.security.SecureRandom")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .check(classes);
  }

  @Test
  void decisionCodeDoesNoIoAndStartsNoThreads() {
    // The CIB package reads and writes files at its edge (CibFiles, the XML reader and writer): it
    // is
    // the model's own I/O seam, so the I/O rule covers the packages that decide on a model in hand.
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.paceline.unpack..",
            "org.paceline.scheduler..",
            "org.paceline.controller..",
            "org.paceline.transition..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.File")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileInputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.Executor")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.ExecutorService")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.ScheduledExecutorService")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.CompletableFuture")
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.paceline.(*)..").should().beFreeOfCycles().check(classes);
  }

  /**
   * The layers, top to bottom: a layer may use any layer below it, never one above. The order is
   * the pipeline's (DESIGN.md): entry points, the node process, its services, membership, the
   * controller, the transition walker, the status displays, the scheduler, the unpack, the model.
   */
  @Test
  void packagesFollowThePipeline() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("shell")
        .definedBy("org.paceline.shell..")
        .layer("demo")
        .definedBy("org.paceline.demo..")
        .layer("daemon")
        .definedBy("org.paceline.daemon..")
        .layer("services")
        .definedBy(
            "org.paceline.http..",
            "org.paceline.alert..",
            "org.paceline.replication..",
            "org.paceline.node..",
            "org.paceline.executor..",
            "org.paceline.simulate..")
        .layer("membership")
        .definedBy("org.paceline.membership..")
        .layer("controller")
        .definedBy("org.paceline.controller..")
        .layer("transition")
        .definedBy("org.paceline.transition..")
        .layer("status")
        .definedBy("org.paceline.status..")
        .layer("scheduler")
        .definedBy("org.paceline.scheduler..")
        .layer("unpack")
        .definedBy("org.paceline.unpack..")
        .layer("cib")
        .definedBy("org.paceline.cib..")
        .whereLayer("shell")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("demo")
        .mayOnlyBeAccessedByLayers("shell")
        .whereLayer("daemon")
        .mayOnlyBeAccessedByLayers("shell", "demo")
        .whereLayer("services")
        .mayOnlyBeAccessedByLayers("shell", "demo", "daemon")
        .whereLayer("membership")
        .mayOnlyBeAccessedByLayers("shell", "demo", "daemon", "services")
        .whereLayer("controller")
        .mayOnlyBeAccessedByLayers("shell", "demo", "daemon", "services", "membership")
        .whereLayer("transition")
        .mayOnlyBeAccessedByLayers(
            "shell", "demo", "daemon", "services", "membership", "controller")
        .whereLayer("status")
        .mayOnlyBeAccessedByLayers(
            "shell", "demo", "daemon", "services", "membership", "controller", "transition")
        .whereLayer("scheduler")
        .mayOnlyBeAccessedByLayers(
            "shell",
            "demo",
            "daemon",
            "services",
            "membership",
            "controller",
            "transition",
            "status")
        .whereLayer("unpack")
        .mayOnlyBeAccessedByLayers(
            "shell",
            "demo",
            "daemon",
            "services",
            "membership",
            "controller",
            "transition",
            "status",
            "scheduler")
        .whereLayer("cib")
        .mayOnlyBeAccessedByLayers(
            "shell",
            "demo",
            "daemon",
            "services",
            "membership",
            "controller",
            "transition",
            "status",
            "scheduler",
            "unpack")
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
