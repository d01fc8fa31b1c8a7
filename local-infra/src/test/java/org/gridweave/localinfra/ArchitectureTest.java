package org.gridweave.localinfra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "org.gridweave.localinfra",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** devstack runs these starters outside any framework; the services' tests wrap them. */
  @ArchTest
  static final ArchRule knowsNoFrameworkAndNoTestLibrary =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.quarkus..",
              "io.smallrye..",
              "io.vertx..",
              "jakarta..",
              "org.junit..",
              "org.gridweave.devstack..");

  @ArchTest
  static final ArchRule logsInsteadOfWritingToTheConsole =
      noClasses().should().accessField(System.class, "out");
}
