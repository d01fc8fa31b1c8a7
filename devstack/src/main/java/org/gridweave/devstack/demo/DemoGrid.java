package org.gridweave.devstack.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.firmware.registration.Registration;
import org.gridweave.firmware.site.SiteRatings;

/**
 * The demo's grid document for the controller, made from the fleet's registrations: one site per
 * meter with the meter's own ratings (PV, wind, battery, connection limits); each feeder's limit is
 * {@value #FEEDER_KW_PER_SITE} kW per site (an after-diversity design figure, so evening peaks can
 * bind), the transformer 1.2 × the feeders' sum.
 */
public final class DemoGrid {
  static final double FEEDER_KW_PER_SITE = 1.5;

  private DemoGrid() {}

  public static String document(List<Registration> registrations) {
    return document(registrations, Map.of(), 0);
  }

  /**
   * @param feederLimitsKw limits of named feeders (a scenario's); others get {@value
   *     #FEEDER_KW_PER_SITE} kW per site
   * @param transformerLimitKw the transformer's limit; {@code <= 0}: 1.2 × the feeders' sum
   */
  public static String document(
      List<Registration> registrations,
      Map<String, Double> feederLimitsKw,
      double transformerLimitKw) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("zone", "UTC");
    Map<String, Integer> sitesPerFeeder = new LinkedHashMap<>();
    ArrayNode sites = json.createArrayNode();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Registration r : registrations) {
      if (!seen.add(r.site().value())) {
        continue; // several meters on one site: the controller manages the first
      }
      sitesPerFeeder.merge(r.feeder().value(), 1, Integer::sum);
      SiteRatings k = r.ratings();
      ObjectNode s = sites.addObject();
      s.put("id", r.site().value());
      s.put("feeder", r.feeder().value());
      s.put("meter", r.meter().value());
      s.put("import_limit_kw", Math.max(0.1, k.gridImportLimit().kilowatts()));
      s.put("export_limit_kw", k.gridExportLimit().kilowatts());
      s.put("pv_kwp", k.pvPeak().kilowatts());
      s.put("wind_kw", k.wind().kilowatts());
      if (k.hasBattery()) {
        s.putObject("battery")
            .put("capacity_kwh", k.batteryCapacity().value() / 1000)
            .put("max_charge_kw", k.batteryMaxCharge().kilowatts())
            .put("max_discharge_kw", k.batteryMaxDischarge().kilowatts())
            .put("round_trip_efficiency", 0.9)
            .put("soc_min_pct", 10)
            .put("soc_max_pct", 95);
      }
    }
    ArrayNode feeders = root.putArray("feeders");
    double total = 0;
    for (var e : sitesPerFeeder.entrySet()) {
      double limit = feederLimitsKw.getOrDefault(e.getKey(), FEEDER_KW_PER_SITE * e.getValue());
      feeders.addObject().put("id", e.getKey()).put("limit_kw", limit);
      total += limit;
    }
    root.put("transformer_limit_kw", transformerLimitKw > 0 ? transformerLimitKw : 1.2 * total);
    root.set("sites", sites);
    return root.toString();
  }
}
