package org.gridweave.settlement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "org.gridweave.settlement",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * The core is what the Besu plugin loads into Besu's JVM and the firmware links: the JDK and
   * web3j's ABI and keccak only, no JSON-RPC client, no framework.
   */
  @ArchTest
  static final ArchRule coreUsesOnlyTheJdkAndWeb3jAbi =
      classes()
          .that()
          .resideInAPackage("org.gridweave.settlement")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "org.gridweave.settlement",
              "org.web3j.abi..",
              "org.web3j.crypto",
              "org.web3j.utils");
}
