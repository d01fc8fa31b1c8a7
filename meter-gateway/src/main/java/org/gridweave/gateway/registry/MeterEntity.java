package org.gridweave.gateway.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/** The registry row of a meter (Hibernate Reactive); converts to {@link MeterRegistration}. */
@Entity
@Table(name = "meter")
public class MeterEntity extends PanacheEntityBase {
  @Id
  @Column(name = "meter_id")
  public String meterId;

  @Column(name = "site_id")
  public String siteId;

  @Column(name = "feeder_id")
  public String feederId;

  @Column(name = "public_key")
  public String publicKey;

  @Column(name = "pv_w")
  public double pvW;

  @Column(name = "wind_w")
  public double windW;

  @Column(name = "battery_wh")
  public double batteryWh;

  @Column(name = "battery_charge_w")
  public double batteryChargeW;

  @Column(name = "battery_discharge_w")
  public double batteryDischargeW;

  @Column(name = "flex_load_w")
  public double flexLoadW;

  @Column(name = "import_w")
  public double importW;

  @Column(name = "export_w")
  public double exportW;

  @Column(name = "registered_at")
  public Instant registeredAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  public MeterRegistration toRegistration() {
    return toRegistration(MeterPublicKey::parse);
  }

  /** With {@code keys} parsing (or re-using) the public key from its Base64 form. */
  public MeterRegistration toRegistration(
      java.util.function.Function<String, MeterPublicKey> keys) {
    return new MeterRegistration(
        MeterId.of(meterId),
        SiteId.of(siteId),
        FeederId.of(feederId),
        keys.apply(publicKey),
        new SiteRatings(
            Watts.of(pvW),
            Watts.of(windW),
            WattHours.of(batteryWh),
            Watts.of(batteryChargeW),
            Watts.of(batteryDischargeW),
            Watts.of(flexLoadW),
            Watts.of(importW),
            Watts.of(exportW)),
        registeredAt,
        Optional.ofNullable(revokedAt));
  }

  public static MeterEntity from(MeterRegistration r) {
    MeterEntity e = new MeterEntity();
    e.meterId = r.meter().value();
    e.copyFrom(r);
    return e;
  }

  public void copyFrom(MeterRegistration r) {
    siteId = r.site().value();
    feederId = r.feeder().value();
    publicKey = r.publicKey().base64();
    SiteRatings x = r.ratings();
    pvW = x.pv().value();
    windW = x.wind().value();
    batteryWh = x.batteryCapacity().value();
    batteryChargeW = x.batteryCharge().value();
    batteryDischargeW = x.batteryDischarge().value();
    flexLoadW = x.flexibleLoad().value();
    importW = x.importLimit().value();
    exportW = x.exportLimit().value();
    registeredAt = r.registeredAt();
    revokedAt = r.revokedAt().orElse(null);
  }
}
