package org.gridweave.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core (grid model, tariffs, dispatch) stays plain Java, so simulations run the same code. */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.gridweave.controller");

  @Test
  void theCoreImportsNoServiceFramework() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.gridweave.controller.grid..",
            "org.gridweave.controller.tariff..",
            "org.gridweave.controller.dispatch..",
            "org.gridweave.controller.market..",
            "org.gridweave.controller.settlement..",
            "org.gridweave.controller.access..",
            "org.gridweave.controller.console..",
            "org.gridweave.controller.me..",
            "org.gridweave.controller.leader..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta..", "io.quarkus..", "io.smallrye..", "io.vertx..", "org.hibernate..")
        .check(classes);
  }

  @Test
  void theCoreDoesNotReachIntoTheBenchmarkOrTheService() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.gridweave.controller.grid..", "org.gridweave.controller.dispatch..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.gridweave.controller.bench..", "org.gridweave.controller.service..")
        .check(classes);
  }
}
