package org.gridweave.forecasting.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class SolarGeometryTest {

  @Test
  void noon_elevation_at_the_southern_summer_solstice_is_ninety_minus_latitude_plus_declination() {
    // 35° S on 21 December: declination -23.44°, so the noon sun stands 90 - (35 - 23.44) =
    // 78.44° high; at longitude 0 solar noon is about 11:58 UTC (equation of time +2 minutes).
    SolarGeometry place = new SolarGeometry(-35, 0);
    double highest = -90;
    for (int minute = 0; minute < 60; minute++) {
      highest =
          Math.max(
              highest,
              place.elevationDegrees(
                  LocalDateTime.of(2012, 12, 21, 11, 30, 0).plusMinutes(minute)));
    }
    assertThat(highest).isCloseTo(78.44, within(0.2));
  }

  @Test
  void the_sun_is_down_at_local_midnight_and_up_at_local_noon_near_canberra() {
    SolarGeometry place = new SolarGeometry(-35, 149);
    // UTC+9:56 of solar time: local midnight is about 14:00 UTC, local noon about 02:00 UTC.
    assertThat(place.elevationDegrees(LocalDateTime.of(2012, 6, 21, 14, 0))).isLessThan(-60);
    assertThat(place.elevationDegrees(LocalDateTime.of(2012, 6, 21, 2, 0)))
        .isCloseTo(90 - 35 - 23.44, within(0.5));
    assertThat(
            place.extraterrestrialJoules(LocalDateTime.of(2012, 6, 21, 13, 0), Duration.ofHours(1)))
        .isZero();
  }

  @Test
  void daily_extraterrestrial_energy_at_the_equator_at_the_equinox_matches_the_closed_form() {
    // H0 = 86400 / pi * Gsc * E0 at latitude 0 when the declination is 0; E0 about 1.009 on 20
    // March: 86400 / pi * 1361 * 1.009 = 37.77 MJ/m².
    SolarGeometry place = new SolarGeometry(0, 0);
    double total = 0;
    for (int h = 0; h < 24; h++) {
      total +=
          place.extraterrestrialJoules(LocalDateTime.of(2013, 3, 20, h, 0), Duration.ofHours(1));
    }
    assertThat(total / 1e6).isCloseTo(37.77, within(0.2));
  }

  @Test
  void refuses_a_place_that_does_not_exist() {
    assertThatThrownBy(() -> new SolarGeometry(-91, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
