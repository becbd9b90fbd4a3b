package org.paceline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every test class says what it needs, so that {@code mvn test -Pfast} (tag {@code unit}) runs the
 * fast ones alone and {@code mvn verify} all of them: {@code unit} (in-process, no daemons), {@code
 * process} (starts daemons, agents or tools), {@code root} (needs root: namespaces, PostgreSQL),
 * {@code lab} (builds the lab). A class without one of these would silently leave the fast run. A
 * slow method of a fast class carries its own tag too ({@code -Pfast} excludes process, root, lab).
 */
@Tag("unit")
class TestTagsTest {
  static final Set<String> TAGS = Set.of("unit", "process", "root", "lab");

  @Test
  void everyTestClassCarriesExactlyOneKnownTag() {
    JavaClasses tests =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("org.paceline");
    classes()
        .that(declareTests())
        .and()
        .areTopLevelClasses()
        .should(carryOneKnownTag())
        .check(tests);
  }

  private static DescribedPredicate<JavaClass> declareTests() {
    return DescribedPredicate.describe(
        "declare test methods",
        c ->
            c.getMethods().stream()
                .anyMatch(
                    m ->
                        m.isAnnotatedWith(Test.class)
                            || m.isAnnotatedWith("org.junit.jupiter.params.ParameterizedTest")
                            || m.isAnnotatedWith("org.junit.jupiter.api.TestFactory")
                            || m.isAnnotatedWith("org.junit.jupiter.api.RepeatedTest")));
  }

  private static ArchCondition<JavaClass> carryOneKnownTag() {
    return new ArchCondition<>("carry exactly one of the tags " + TAGS) {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        long known =
            c.tryGetAnnotationOfType(Tag.class)
                .map(t -> TAGS.contains(t.value()) ? 1 : 0)
                .orElse(0);
        if (known != 1) {
          events.add(
              SimpleConditionEvent.violated(
                  c, c.getName() + " has no @Tag of " + TAGS + " on the class"));
        }
      }
    };
  }
}
