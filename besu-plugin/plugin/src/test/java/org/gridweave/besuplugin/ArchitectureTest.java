package org.gridweave.besuplugin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Keeps the settlement rules, index, RPC answers and bridge plain Java: no Besu type, no tuweni
 * bytes, no MQTT client. Only the adapter ({@code org.gridweave.besuplugin}) and the Paho publisher
 * ({@code .mqtt}) meet those.
 */
class ArchitectureTest {
  private static final String[] EDGE = {
    "org.hyperledger..", "org.apache.tuweni..", "org.eclipse.paho..", "picocli.."
  };
  private static final JavaClasses PLUGIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.gridweave.besuplugin");

  @Test
  void coreDependsOnNoBesuTypeNorMqttClient() {
    core().check(PLUGIN);
  }

  @Test
  void ruleCatchesBesuTypesInTheAdapter() {
    ArchRule sameRuleOnAdapter =
        noClasses()
            .that()
            .resideInAPackage("org.gridweave.besuplugin")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(EDGE);

    assertThatThrownBy(() -> sameRuleOnAdapter.check(PLUGIN)).isInstanceOf(AssertionError.class);
  }

  private static ArchRule core() {
    return noClasses()
        .that()
        .resideInAPackage("org.gridweave.besuplugin.core..")
        .and()
        .doNotHaveSimpleName("EnergyOptions")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(EDGE)
        .because(
            "the core is tested and reused without Besu (BESU-PLUGIN-API.md, STYLE.md rule 2)");
  }
}
