package org.gridweave.firmware.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.firmware.site.SiteRatings;

/**
 * What the gateway needs to know about a meter before it accepts its telemetry.
 *
 * @param meter the meter id
 * @param site the site it measures
 * @param feeder the feeder the site hangs on
 * @param publicKey the key its messages are signed with
 * @param ratings the site's ratings
 */
public record Registration(
    MeterId meter, SiteId site, FeederId feeder, MeterPublicKey publicKey, SiteRatings ratings) {

  /** The JSON body of {@code POST /meters}. */
  public byte[] toJson(ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    o.put("id", meter.value());
    o.put("site", site.value());
    o.put("feeder", feeder.value());
    o.put("public_key", publicKey.base64());
    ObjectNode r = o.putObject("ratings");
    r.put("pv_w", ratings.pvPeak().value());
    r.put("wind_w", ratings.wind().value());
    r.put("battery_wh", ratings.batteryCapacity().value());
    r.put("battery_charge_w", ratings.batteryMaxCharge().value());
    r.put("battery_discharge_w", ratings.batteryMaxDischarge().value());
    r.put("flex_load_w", ratings.flexibleLoad().value());
    r.put("import_w", ratings.gridImportLimit().value());
    r.put("export_w", ratings.gridExportLimit().value());
    try {
      return json.writeValueAsBytes(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
