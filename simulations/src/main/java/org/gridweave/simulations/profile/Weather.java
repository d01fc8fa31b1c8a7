package org.gridweave.simulations.profile;

import java.util.SplittableRandom;

/**
 * The neighbourhood's weather, shared by every prosumer: a cloud cover in [0, 1] (a daily level
 * around the scenario's mean plus a slow within-day wander) and a hub-height wind speed (a
 * log-normal AR(1) process around the scenario's mean). Generated one day at a time, in day order,
 * from its own seeded generator.
 */
public final class Weather {
  private final SplittableRandom rnd;
  private final double cloudMean;
  private final double windMean;
  private double cloud;
  private double windLog;

  public Weather(long seed, double cloudMean, double windMean) {
    this.rnd = new SplittableRandom(seed);
    this.cloudMean = cloudMean;
    this.windMean = windMean;
    this.cloud = cloudMean;
    this.windLog = 0;
  }

  public void fillDay(double[] cloudOut, double[] windOut) {
    int spd = cloudOut.length;
    double dayLevel = clamp(cloudMean + 0.35 * (rnd.nextDouble() * 2 - 1));
    double phi = Math.pow(0.97, 96.0 / spd);
    double windPhi = Math.pow(0.985, 96.0 / spd);
    for (int k = 0; k < spd; k++) {
      cloud = clamp(dayLevel + phi * (cloud - dayLevel) + 0.08 * rnd.nextGaussian());
      cloudOut[k] = cloud;
      windLog = windPhi * windLog + Math.sqrt(1 - windPhi * windPhi) * 0.45 * rnd.nextGaussian();
      windOut[k] = windMean * Math.exp(windLog - 0.5 * 0.45 * 0.45);
    }
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
