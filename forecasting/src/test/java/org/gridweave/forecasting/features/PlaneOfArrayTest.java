package org.gridweave.forecasting.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PlaneOfArrayTest {

  @Test
  void erbs_diffuse_share_on_each_branch_of_the_correlation() {
    // overcast: 1 - 0.09 * 0.1
    assertThat(PlaneOfArray.diffuseFraction(0.1)).isCloseTo(0.991, within(1e-12));
    // 0.9511 - 0.1604 * 0.5 + 4.388 * 0.25 - 16.638 * 0.125 + 12.336 * 0.0625
    assertThat(PlaneOfArray.diffuseFraction(0.5)).isCloseTo(0.65915, within(1e-9));
    // clear
    assertThat(PlaneOfArray.diffuseFraction(0.9)).isEqualTo(0.165);
    assertThat(PlaneOfArray.diffuseFraction(1.7)).as("clipped to 1").isEqualTo(0.165);
    assertThat(PlaneOfArray.diffuseFraction(-0.2)).as("clipped to 0").isEqualTo(1.0);
  }

  @Test
  void a_flat_plane_gets_the_horizontal_irradiation() {
    PlaneOfArray flat = new PlaneOfArray(0, 0.2);
    assertThat(flat.irradiation(2.0e6, 3.0e6, 3.0e6)).isCloseTo(2.0e6, within(1e-6));
  }

  @Test
  void a_plane_turned_from_the_sun_gets_only_sky_and_ground() {
    // vertical, the sun behind it: half the sky's diffuse and half the ground's reflection.
    // global 1 MJ at kt 0.5: diffuse 0.65915 MJ; 0.65915 / 2 + 0.2 * 1 / 2 = 0.429575 MJ.
    PlaneOfArray wall = new PlaneOfArray(90, 0.2);
    assertThat(wall.irradiation(1.0e6, 2.0e6, 0)).isCloseTo(0.429575e6, within(1.0));
  }

  @Test
  void the_beam_is_scaled_by_the_planes_share_of_the_top_of_atmosphere_energy() {
    // tilt 20°, clear hour (kt 0.8, diffuse share 0.165 at the branch's end): global 2.4 MJ,
    // diffuse 0.396 MJ, beam 2.004 MJ; the plane gets 1.25 times the horizontal's top energy.
    PlaneOfArray p = new PlaneOfArray(20, 0);
    double diffuse = 2.4e6 * PlaneOfArray.diffuseFraction(0.8);
    double expected = (2.4e6 - diffuse) * 1.25 + diffuse * (1 + Math.cos(Math.toRadians(20))) / 2;
    assertThat(p.irradiation(2.4e6, 3.0e6, 3.75e6)).isCloseTo(expected, within(1e-6));
    assertThat(p.irradiation(2.4e6, 3.0e6, 3.75e6)).isGreaterThan(2.4e6);
  }

  @Test
  void no_irradiation_without_sun_or_global() {
    PlaneOfArray p = new PlaneOfArray(30, 0.2);
    assertThat(p.irradiation(0, 3.0e6, 3.3e6)).isZero();
    assertThat(p.irradiation(1000, 0, 0)).isZero();
  }

  @Test
  void refuses_a_tilt_or_albedo_out_of_range() {
    assertThatThrownBy(() -> new PlaneOfArray(95, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tilt");
    assertThatThrownBy(() -> new PlaneOfArray(20, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("albedo");
  }
}
