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
  void a_plane_tilted_by_the_latitude_towards_the_equator_faces_the_equinox_noon_sun() {
    SolarGeometry place = new SolarGeometry(-35, 0);
    assertThat(place.equatorAzimuth()).isZero();
    LocalDateTime noon = LocalDateTime.of(2013, 3, 20, 11, 0);
    for (int minute = 0; minute < 120; minute++) {
      LocalDateTime t = LocalDateTime.of(2013, 3, 20, 11, 0).plusMinutes(minute);
      noon = place.cosZenith(t) > place.cosZenith(noon) ? t : noon;
    }
    // Spencer's declination that day is -0.46° (the series is fitted to a mean year): the
    // incidence is within half a degree of normal
    assertThat(place.cosIncidence(noon, 35, 0)).isGreaterThan(Math.cos(Math.toRadians(0.5)));
    assertThat(place.cosIncidence(noon, 0, 0)).isEqualTo(place.cosZenith(noon));
    // facing the pole instead: 70° off the sun
    assertThat(place.cosIncidence(noon, 35, 180))
        .isCloseTo(Math.cos(Math.toRadians(70)), within(0.01));
  }

  @Test
  void the_southern_summer_sun_rises_behind_a_plane_facing_north() {
    // 35° S at the December solstice: the sun rises about 29° south of east, so while it is
    // still low a plane tilted 45° towards the north sees its back.
    SolarGeometry place = new SolarGeometry(-35, 0);
    LocalDateTime t = LocalDateTime.of(2012, 12, 21, 0, 0);
    while (place.elevationDegrees(t) < 2) {
      t = t.plusMinutes(1);
    }
    assertThat(place.cosZenith(t)).isPositive();
    assertThat(place.cosIncidence(t, 45, 0)).isNegative();
    assertThat(place.extraterrestrialJoules(t.minusMinutes(10), Duration.ofMinutes(10), 45, 0))
        .isZero();
    assertThat(place.extraterrestrialJoules(t.minusMinutes(10), Duration.ofMinutes(10)))
        .isPositive();
  }

  @Test
  void a_flat_plane_gets_the_horizontal_energy_and_a_tilted_one_more_in_winter() {
    SolarGeometry place = new SolarGeometry(-35, 149);
    LocalDateTime hour = LocalDateTime.of(2012, 6, 21, 1, 0); // around the winter noon
    double flat = place.extraterrestrialJoules(hour, Duration.ofHours(1));
    assertThat(place.extraterrestrialJoules(hour, Duration.ofHours(1), 0, 0)).isEqualTo(flat);
    // noon sun 31.6° high: a plane tilted 35° north meets it at about 23° from its normal
    double tilted = place.extraterrestrialJoules(hour, Duration.ofHours(1), 35, 0);
    assertThat(tilted / flat)
        .isCloseTo(Math.cos(Math.toRadians(23.4)) / Math.sin(Math.toRadians(31.6)), within(0.05));
  }

  @Test
  void refuses_a_place_that_does_not_exist() {
    assertThatThrownBy(() -> new SolarGeometry(-91, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
