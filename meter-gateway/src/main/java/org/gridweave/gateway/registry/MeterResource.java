package org.gridweave.gateway.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;
import org.gridweave.gateway.web.Conflict;
import org.gridweave.gateway.web.InvalidRequest;
import org.gridweave.gateway.web.NotFound;

/** The meter registry over REST: register, list, read, revoke. */
@Path("/meters")
public class MeterResource {
  @Inject MeterDirectory directory;
  @Inject Clock clock;

  /** Registration body; units are in the field names. */
  public record Ratings(
      @JsonProperty("pv_w") Double pvW,
      @JsonProperty("wind_w") Double windW,
      @JsonProperty("battery_wh") Double batteryWh,
      @JsonProperty("battery_charge_w") Double batteryChargeW,
      @JsonProperty("battery_discharge_w") Double batteryDischargeW,
      @JsonProperty("flex_load_w") Double flexLoadW,
      @JsonProperty("import_w") Double importW,
      @JsonProperty("export_w") Double exportW) {}

  /** A registration request. */
  public record Registration(
      String id,
      String site,
      String feeder,
      @JsonProperty("public_key") String publicKey,
      Ratings ratings) {}

  /** A registered meter as the API shows it. */
  public record MeterView(
      String id,
      String site,
      String feeder,
      @JsonProperty("public_key") String publicKey,
      Ratings ratings,
      @JsonProperty("registered_at") Instant registeredAt,
      @JsonProperty("revoked_at") Instant revokedAt) {
    static MeterView of(MeterRegistration r) {
      SiteRatings x = r.ratings();
      return new MeterView(
          r.meter().value(),
          r.site().value(),
          r.feeder().value(),
          r.publicKey().base64(),
          new Ratings(
              x.pv().value(),
              x.wind().value(),
              x.batteryCapacity().value(),
              x.batteryCharge().value(),
              x.batteryDischarge().value(),
              x.flexibleLoad().value(),
              x.importLimit().value(),
              x.exportLimit().value()),
          r.registeredAt(),
          r.revokedAt().orElse(null));
    }
  }

  @POST
  @WithTransaction
  @Operation(summary = "Register a meter (idempotent for an identical registration)")
  public Uni<Response> register(Registration body) {
    MeterRegistration wanted = validate(body, clock.instant());
    return MeterEntity.<MeterEntity>findById(wanted.meter().value())
        .flatMap(existing -> {
          if (existing == null) {
            return MeterEntity.from(wanted)
                .persist()
                .map(x -> created(wanted, Response.Status.CREATED));
          }
          MeterRegistration current = existing.toRegistration();
          if (current.sameAs(wanted)) {
            return Uni.createFrom().item(created(current, Response.Status.OK));
          }
          if (current.isRevoked()) {
            throw new Conflict(
                "meter " + wanted.meter() + " was revoked; register the device under a new id");
          }
          throw new Conflict(
              "meter "
                  + wanted.meter()
                  + " is registered with other settings; revoke it first to change its key");
        });
  }

  private Response created(MeterRegistration r, Response.Status status) {
    directory.put(r);
    return Response.status(status).entity(MeterView.of(r)).build();
  }

  @GET
  @WithSession
  @Operation(summary = "All registered meters")
  public Uni<List<MeterView>> list() {
    return MeterEntity.<MeterEntity>listAll()
        .map(all -> all.stream().map(e -> MeterView.of(e.toRegistration())).toList());
  }

  @GET
  @Path("/{id}")
  @WithSession
  @Operation(summary = "One meter")
  public Uni<MeterView> get(@PathParam("id") String id) {
    return MeterEntity.<MeterEntity>findById(id)
        .map(e -> {
          if (e == null) {
            throw new NotFound("meter " + id + " is not registered");
          }
          return MeterView.of(e.toRegistration());
        });
  }

  @POST
  @Path("/{id}/revoke")
  @WithTransaction
  @Operation(summary = "Revoke a meter: its telemetry is refused from now on")
  public Uni<MeterView> revoke(@PathParam("id") String id) {
    return MeterEntity.<MeterEntity>findById(id)
        .map(e -> {
          if (e == null) {
            throw new NotFound("meter " + id + " is not registered");
          }
          if (e.revokedAt == null) {
            e.revokedAt = clock.instant();
          }
          MeterRegistration r = e.toRegistration();
          directory.put(r);
          return MeterView.of(r);
        });
  }

  static MeterRegistration validate(Registration body, Instant now) {
    if (body == null) {
      throw new InvalidRequest(null, "request body is missing");
    }
    MeterId meter = parse("id", () -> MeterId.of(body.id()));
    SiteId site = parse("site", () -> SiteId.of(body.site()));
    FeederId feeder = parse("feeder", () -> FeederId.of(body.feeder()));
    MeterPublicKey key = parse("public_key", () -> MeterPublicKey.parse(body.publicKey()));
    Ratings r =
        body.ratings() == null
            ? new Ratings(null, null, null, null, null, null, null, null)
            : body.ratings();
    SiteRatings ratings =
        new SiteRatings(
            watts("ratings.pv_w", r.pvW()),
            watts("ratings.wind_w", r.windW()),
            parse("ratings.battery_wh", () -> WattHours.of(orZero(r.batteryWh()))),
            watts("ratings.battery_charge_w", r.batteryChargeW()),
            watts("ratings.battery_discharge_w", r.batteryDischargeW()),
            watts("ratings.flex_load_w", r.flexLoadW()),
            watts("ratings.import_w", r.importW()),
            watts("ratings.export_w", r.exportW()));
    if (ratings.batteryCapacity().value() == 0
        && (ratings.batteryCharge().value() > 0 || ratings.batteryDischarge().value() > 0)) {
      throw new InvalidRequest(
          "ratings.battery_wh", "a battery with charge/discharge power needs a capacity");
    }
    return new MeterRegistration(
        meter,
        site,
        feeder,
        key,
        ratings,
        now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        Optional.empty());
  }

  private static Watts watts(String field, Double value) {
    return parse(field, () -> Watts.of(orZero(value)));
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }

  private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(field, field + ": " + e.getMessage());
    }
  }
}
