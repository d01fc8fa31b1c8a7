package org.gridweave.forecasting.service.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetTest {
  private static final Duration QUARTER = Duration.ofMinutes(15);

  @Test
  void parsesFeederDemandAtTheGatewayInterval() {
    Target t = Target.parse("demand.feeder.f-1", null, QUARTER);

    assertThat(t.quantity()).isEqualTo(Quantity.DEMAND);
    assertThat(t.scope()).isEqualTo(Scope.FEEDER);
    assertThat(t.id()).isEqualTo("f-1");
    assertThat(t.step()).isEqualTo(QUARTER);
    assertThat(t.atInterval(QUARTER)).isTrue();
    assertThat(t.name()).isEqualTo("demand.feeder.f-1");
  }

  @Test
  void keepsDotsInTheIdAndReadsAnHourlyStep() {
    Target t = Target.parse("pv.meter.site.7.m-1", "pt1h", QUARTER);

    assertThat(t.quantity()).isEqualTo(Quantity.PV);
    assertThat(t.id()).isEqualTo("site.7.m-1");
    assertThat(t.step()).isEqualTo(Duration.ofHours(1));
    assertThat(t.intervalsPerStep(QUARTER)).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "demand.feeder|must be {quantity}.{scope}.{id}",
        "heat.meter.m-1|unknown quantity 'heat'",
        "wind.site.s-1|unknown scope 'site'",
        "demand.meter.-bad|not a valid meter id",
      })
  void refusesMalformedNames(String name, String reason) {
    assertThatThrownBy(() -> Target.parse(name, null, QUARTER))
        .isInstanceOf(InvalidTarget.class)
        .hasMessageContaining(reason)
        .extracting(e -> ((InvalidTarget) e).field())
        .isEqualTo("target");
  }

  @ParameterizedTest(name = "step {0}")
  @CsvSource({"PT10M", "PT7M", "hourly", "PT0S", "PT25H"})
  void refusesStepsThatAreNotWholeIntervalsDividingADay(String step) {
    assertThatThrownBy(() -> Target.parse("wind.meter.x", step, QUARTER))
        .isInstanceOf(InvalidTarget.class)
        .extracting(e -> ((InvalidTarget) e).field())
        .isEqualTo("step");
  }
}
