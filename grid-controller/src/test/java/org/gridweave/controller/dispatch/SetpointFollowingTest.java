package org.gridweave.controller.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gridweave.core.time.Interval;
import org.junit.jupiter.api.Test;

class SetpointFollowingTest {
  private static final Interval NOON =
      new Interval(Instant.parse("2026-06-21T12:00:00Z"), Duration.ofMinutes(15));

  private static SetpointFollowing.Held held(
      double charge, double discharge, String from, String to) {
    return new SetpointFollowing.Held(
        charge,
        discharge,
        Instant.parse("2026-06-21T" + from + "Z"),
        Instant.parse("2026-06-21T" + to + "Z"));
  }

  @Test
  void aBatteryThatChargesAsToldFollows() {
    // 3 kW for 15 min = 0.75 kWh; 0.70 measured is within 25 %
    assertThat(
            SetpointFollowing.battery(
                List.of(held(3, 0, "12:00:00", "12:20:00")), NOON, 0.70, 0, 0.1, 0.25))
        .isEmpty();
  }

  @Test
  void aBatteryThatDischargesInsteadOfChargingDoesNotFollow() {
    assertThat(
            SetpointFollowing.battery(
                List.of(held(3, 0, "12:00:05", "12:20:00")), NOON, 0, 0.5, 0.1, 0.25))
        .contains(
            "battery net energy -0.50 kWh over the interval, setpoints asked for 0.75 kWh (last: charge 3.0 kW),"
                + " allowed ±0.19 kWh");
  }

  @Test
  void eachSetpointCountsFromWhenItWasApplied() {
    // hold for 5 min, then charge 3 kW for the last 10 min: 0.5 kWh asked for
    List<SetpointFollowing.Held> two =
        List.of(held(0, 0, "12:00:10", "12:05:00"), held(3, 0, "12:05:00", "12:20:00"));
    assertThat(SetpointFollowing.battery(two, NOON, 0.5, 0, 0.1, 0.25)).isEmpty();
    assertThat(SetpointFollowing.battery(two, NOON, 0.75, 0, 0.1, 0.25)).isPresent();
  }

  @Test
  void anIntervalWhoseFirstSetpointCameLateIsNotJudged() {
    assertThat(
            SetpointFollowing.battery(
                List.of(held(3, 0, "12:09:00", "12:20:00")), NOON, 0, 0.5, 0.1, 0.25))
        .isEmpty();
  }

  @Test
  void holdingMeansNearlyNothingMoves() {
    List<SetpointFollowing.Held> hold = List.of(held(0, 0, "12:00:00", "12:20:00"));
    assertThat(SetpointFollowing.battery(hold, NOON, 0.05, 0, 0.1, 0.25)).isEmpty();
    assertThat(SetpointFollowing.battery(hold, NOON, 0.3, 0, 0.1, 0.25))
        .hasValueSatisfying(s -> assertThat(s).contains("(last: hold)"));
  }
}
