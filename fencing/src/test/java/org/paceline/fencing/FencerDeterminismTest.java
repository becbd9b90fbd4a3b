package org.paceline.fencing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fencer's decisions (topology, host maps, delays, retries, deadlines) read time and randomness
 * only through {@link FenceClock} and {@link DelayRandom}, so a simulated clock makes them
 * deterministic.
 */
@Tag("unit")
class FencerDeterminismTest {
  @Test
  void decisionClassesUseNoClockOrRandomnessDirectly() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline.fencing");
    noClasses()
        .that()
        .haveSimpleNameStartingWith("Fencer")
        .or()
        .haveSimpleName("HostMap")
        .or()
        .haveSimpleName("TopologyLevel")
        .or()
        .haveSimpleName("DeviceSettings")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
        .because("the fencer is tested on a simulated clock with fixed delays")
        .check(classes);
  }
}
