package org.gridweave.core.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void wattsRejectNegativeAndNonFiniteValues() {
    assertThatThrownBy(() -> Watts.of(-1)).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Watts.of(Double.NaN)).hasMessageContaining("finite");
    assertThatThrownBy(() -> WattHours.of(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
  }

  @Test
  void energyOfPowerOverTimeIsPowerTimesHours() {
    assertThat(WattHours.of(Watts.kilowatts(2), 1800)).isEqualTo(WattHours.of(1000));
  }

  @Test
  void percentStaysWithinZeroToHundred() {
    assertThat(Percent.of(55).fraction()).isEqualTo(0.55);
    assertThatThrownBy(() -> Percent.of(100.5)).hasMessageContaining("at most 100");
  }

  @Test
  void unitsPrintWithTheirSymbol() {
    assertThat(Watts.of(1500)).hasToString("1500 W");
    assertThat(WattHours.of(0.25)).hasToString("0.25 Wh");
  }
}
