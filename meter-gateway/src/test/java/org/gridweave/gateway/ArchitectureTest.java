package org.gridweave.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.gridweave.gateway.registry.MeterDirectory;
import org.gridweave.gateway.registry.MeterRegistration;
import org.gridweave.gateway.registry.SiteRatings;
import org.junit.jupiter.api.Test;

/** Keeps the ingest core plain Java, so simulations and benchmarks can run the very same code. */
class ArchitectureTest {
  private static final String[] FRAMEWORKS = {
    "jakarta..", "io.quarkus..", "io.smallrye..", "io.vertx..", "org.hibernate.."
  };
  private static final JavaClasses GATEWAY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(
              "org.gridweave.gateway.ingest",
              "org.gridweave.gateway.registry",
              "org.gridweave.gateway.peers");

  @Test
  void ingestCoreDependsOnNoFramework() {
    plainJavaCore().check(GATEWAY);
  }

  @Test
  void ruleCatchesAFrameworkDependencyInTheRegistryAdapters() {
    // Given: the Quarkus edge of the registry, which may use the framework
    ArchRule sameRuleOnAdapters =
        noClasses()
            .that()
            .resideInAPackage("org.gridweave.gateway.registry")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FRAMEWORKS);

    // When / Then: proves the package patterns match real framework types
    assertThatThrownBy(() -> sameRuleOnAdapters.check(GATEWAY)).isInstanceOf(AssertionError.class);
  }

  private static ArchRule plainJavaCore() {
    return noClasses()
        .that()
        .resideInAPackage("org.gridweave.gateway.ingest..")
        .or()
        .resideInAPackage("org.gridweave.gateway.peers..")
        .or()
        .belongToAnyOf(MeterDirectory.class, MeterRegistration.class, SiteRatings.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FRAMEWORKS)
        .because("the ingest core runs in simulations without Quarkus (STYLE.md, rule 2)");
  }
}
