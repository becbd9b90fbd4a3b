package org.paceline.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The controller host and the node side read no clock and start no thread themselves (STYLE.md #2):
 * time, timers, threads and the cluster come through their ports ({@link HostRuntime}, {@link
 * ClusterPort}, {@link RunnerNodeSide.Ports}), so the seeded simulation runs the same code the
 * daemon runs. Only the daemon's port implementations ({@link ThreadHostRuntime}, {@link
 * ChannelClusterPort}, {@link DaemonNodeSidePorts}) touch the real ones.
 */
@Tag("unit")
class NodeSidePortsArchTest {
  @Test
  void hostAndNodeSideUseTheirPorts() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.paceline.daemon", "org.paceline.node", "org.paceline.executor");
    noClasses()
        .that()
        .haveSimpleNameStartingWith("ControllerHost")
        .or()
        .haveSimpleNameStartingWith("RunnerNodeSide")
        .or()
        .haveSimpleNameStartingWith("DcOutbox")
        .or()
        .haveSimpleNameStartingWith("OperationRunner")
        .or()
        .haveSimpleNameStartingWith("LocalExecutor")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.Executors")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.ScheduledExecutorService")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Instant")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("org.jgroups..")
        .check(classes);
  }
}
