package org.gridweave.controller.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetpointFollowingTest {
  @Test
  void aBatteryThatChargesAsToldFollows() {
    // 3 kW for 15 min = 0.75 kWh; 0.70 measured is within 25 %
    assertThat(SetpointFollowing.battery(3, 0, 0.25, 0.70, 0, 0.1, 0.25)).isEmpty();
  }

  @Test
  void aBatteryThatDischargesInsteadOfChargingDoesNotFollow() {
    assertThat(SetpointFollowing.battery(3, 0, 0.25, 0, 0.5, 0.1, 0.25))
        .contains(
            "battery net energy -0.50 kWh over the interval, setpoint 0.75 kWh (charge 3.0 kW), allowed ±0.19 kWh");
  }

  @Test
  void holdingMeansNearlyNothingMoves() {
    assertThat(SetpointFollowing.battery(0, 0, 0.25, 0.05, 0, 0.1, 0.25)).isEmpty();
    assertThat(SetpointFollowing.battery(0, 0, 0.25, 0.3, 0, 0.1, 0.25))
        .hasValueSatisfying(s -> assertThat(s).contains("(hold)"));
  }
}
