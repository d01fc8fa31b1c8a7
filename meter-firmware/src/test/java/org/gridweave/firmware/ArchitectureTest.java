package org.gridweave.firmware;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "org.gridweave.firmware",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreSitesAndSpoolKnowNoMqttLibrary =
      noClasses()
          .that()
          .resideInAnyPackage(
              "org.gridweave.firmware",
              "org.gridweave.firmware.site..",
              "org.gridweave.firmware.settlement..",
              "org.gridweave.firmware.verify",
              "org.gridweave.firmware.spool..",
              "org.gridweave.firmware.state..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.eclipse.paho..", "picocli..", "org.web3j..", "org.gridweave.settlement.chain..");

  @ArchTest
  static final ArchRule onlyTheCliWritesToTheConsole =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.gridweave.firmware.cli..")
          .should()
          .accessField(System.class, "out");
}
