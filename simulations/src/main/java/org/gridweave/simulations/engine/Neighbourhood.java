package org.gridweave.simulations.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridweave.simulations.profile.LondonDemand;
import org.gridweave.simulations.scenario.Scenario;

/**
 * A scenario's prosumers and their true series for code outside the engine — the live mode, where
 * firmware meters play the prosumers against the real services: the same population and the same
 * series a run draws for the same scenario and seed.
 */
public final class Neighbourhood {

  /**
   * One prosumer's assets.
   *
   * @param index 0-based, feeders filled in order
   * @param feeder the scenario's feeder id
   * @param batteryKw the battery's charge and discharge power limit
   */
  public record Prosumer(
      int index,
      String feeder,
      double pvKwp,
      double windKw,
      double batteryKwh,
      double batteryKw,
      double roundTripEfficiency) {}

  private final Scenario scenario;
  private final Optional<LondonDemand> london;
  private final List<Prosumer> prosumers;
  private final Prosumers p;

  private Neighbourhood(Scenario scenario, Optional<LondonDemand> london) {
    this.scenario = scenario;
    this.london = scenario.demand() == Scenario.DemandSource.LONDON ? london : Optional.empty();
    this.p = new Prosumers(scenario);
    List<Prosumer> list = new ArrayList<>(p.n);
    for (int i = 0; i < p.n; i++) {
      list.add(
          new Prosumer(
              i,
              scenario.feeders().get(p.feeder[i]).id(),
              p.pvKwp[i],
              p.windKw[i],
              p.batteryKwh[i],
              p.batteryKw[i],
              p.eta[i] * p.eta[i]));
    }
    this.prosumers = List.copyOf(list);
  }

  /**
   * @param london the London households, used when the scenario's demand is {@code london}
   */
  public static Neighbourhood of(Scenario scenario, Optional<LondonDemand> london) {
    return new Neighbourhood(scenario, london);
  }

  public Scenario scenario() {
    return scenario;
  }

  public List<Prosumer> prosumers() {
    return prosumers;
  }

  /** Which demand series the prosumers follow: {@code london} or {@code synthetic}. */
  public String demandSource() {
    return london.isPresent() ? "london" : "synthetic";
  }

  /**
   * A fresh source of the true series from the scenario's first day: days must be asked for in
   * order (see {@link ProfileSource}); a new source starts again at day 0.
   */
  public ProfileSource series() {
    return new Profiles(scenario, p, london);
  }
}
