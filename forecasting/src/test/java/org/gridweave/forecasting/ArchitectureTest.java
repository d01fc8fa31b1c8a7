package org.gridweave.forecasting;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The forecasting core stays plain Java (the CLI, the benchmark and simulations run it without a
 * container); only {@code service} is the Quarkus edge, and the core never reaches into it.
 */
class ArchitectureTest {
  private static final String[] FRAMEWORKS = {
    "jakarta..", "io.quarkus..", "io.smallrye..", "io.vertx..", "org.hibernate.."
  };
  private static final String[] CORE = {
    "org.gridweave.forecasting.data..",
    "org.gridweave.forecasting.features..",
    "org.gridweave.forecasting.model..",
    "org.gridweave.forecasting.metrics..",
    "org.gridweave.forecasting.engine..",
    "org.gridweave.forecasting.evaluate.."
  };
  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.gridweave.forecasting");

  @Test
  void the_core_depends_on_no_framework() {
    rule(CORE).check(ALL);
  }

  @Test
  void the_core_does_not_depend_on_the_service() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.gridweave.forecasting.service..")
        .check(ALL);
  }

  @Test
  void the_rule_does_catch_framework_use_where_there_is_some() {
    assertThatThrownBy(() -> rule("org.gridweave.forecasting.service..").check(ALL))
        .isInstanceOf(AssertionError.class);
  }

  private static ArchRule rule(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FRAMEWORKS);
  }
}
