package org.gridweave.controller.service.me;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.market.Market;
import org.gridweave.controller.market.Order;
import org.gridweave.controller.market.OrderRejected;
import org.gridweave.controller.me.BadParameter;
import org.gridweave.controller.me.CsvZip;
import org.gridweave.controller.me.Erasure;
import org.gridweave.controller.me.ForecastView;
import org.gridweave.controller.me.IntervalSeries;
import org.gridweave.controller.me.LatestReading;
import org.gridweave.controller.me.Limit;
import org.gridweave.controller.me.Quantiles;
import org.gridweave.controller.me.Window;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.access.Access;
import org.gridweave.controller.service.forecast.ForecastCache;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.market.MarketService;
import org.gridweave.controller.service.settlement.SettlementResource;
import org.gridweave.controller.service.settlement.SettlementService;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.service.web.Params;
import org.gridweave.core.id.SiteId;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The prosumer's own data ({@code /me}, docs/console-api.md): the site is always the one the
 * caller's identity names, never a parameter, so no call can reach another site's rows. Orders go
 * through the market's own path (same checks and reason codes as {@code /market/orders}); another
 * site's order ids answer 404 like unknown ones.
 */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("prosumer")
public class MeResource {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Rows per CSV file of the export at most (readings: a year at a sample every ~16 s). */
  static final long EXPORT_READINGS = 2_000_000;

  static final long EXPORT_ROWS = 200_000;

  @Inject SecurityIdentity identity;
  @Inject GridStore grids;
  @Inject MeStore store;
  @Inject ForecastCache forecasts;
  @Inject MarketService market;
  @Inject SettlementService settlement;
  @Inject MeErasure erasure;
  @Inject ControllerConfig config;
  @Inject Clock clock;

  private final SecureRandom random = new SecureRandom();

  @GET
  public Map<String, Object> me() {
    String site = site();
    Optional<Site> s = gridSite(site);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", identity.getPrincipal().getName());
    out.put("site", site);
    out.put("meters", s.map(x -> List.of(x.meter().value())).orElse(List.of()));
    out.put("feeder", s.map(x -> x.feeder().value()).orElse(null));
    return out;
  }

  @GET
  @Path("readings")
  public Map<String, Object> readings(
      @QueryParam("from") String from, @QueryParam("to") String to) {
    String site = site();
    Window w = Window.parse(from, to, clock.instant());
    Duration step = config.interval();
    IntervalSeries series =
        new IntervalSeries(
            w.intervals(step), List.of("import_wh", "export_wh", "pv_wh", "wind_wh"));
    List<String> meters = meters(site);
    if (!meters.isEmpty()) {
      store.energies(meters, step, series.intervals().get(0), w.to(), series);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step_seconds", step.toSeconds());
    out.put("intervals", series.intervals().stream().map(Instant::toString).toList());
    for (String c : List.of("import_wh", "export_wh", "pv_wh", "wind_wh")) {
      out.put(c, series.column(c));
    }
    out.put("latest", latest(site).orElse(null));
    return out;
  }

  private Optional<Map<String, Object>> latest(String site) {
    Optional<Site> s = gridSite(site);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String meter = s.get().meter().value();
    List<LatestReading.Sample> samples = store.newestSamples(meter);
    if (samples.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        LatestReading.of(
            site,
            meter,
            s.get().feeder().value(),
            samples.get(0),
            samples.size() > 1 ? samples.get(1) : null,
            clock.instant(),
            config.console().offlineAfter()));
  }

  @GET
  @Path("forecast")
  public Map<String, Object> forecast() {
    String site = site();
    Optional<Site> s = gridSite(site);
    if (s.isEmpty()) {
      return ForecastView.of(Optional.empty(), List.of(), config.interval());
    }
    String meter = s.get().meter().value();
    List<Optional<Quantiles>> generation = new ArrayList<>();
    if (s.get().hasPv()) {
      generation.add(band(ForecastCache.meterTarget("pv", meter)));
    }
    if (s.get().hasWind()) {
      generation.add(band(ForecastCache.meterTarget("wind", meter)));
    }
    Map<String, Object> out =
        ForecastView.of(
            band(ForecastCache.meterTarget("demand", meter)), generation, config.interval());
    out.put("site", site);
    return out;
  }

  private Optional<Quantiles> band(String target) {
    return forecasts
        .band(target)
        .map(b -> new Quantiles(b.issuedAt(), b.first(), b.step(), b.p10(), b.p50(), b.p90()));
  }

  @GET
  @Path("setpoints")
  public List<Map<String, Object>> setpoints(@QueryParam("limit") String limit) {
    return store.setpoints(site(), Limit.parse(limit));
  }

  @GET
  @Path("orders")
  public List<Map<String, Object>> orders(@QueryParam("limit") String limit) {
    return store.orders(site(), Limit.parse(limit));
  }

  /** As {@code POST /market/orders} without {@code meter}; {@code id} optional (generated). */
  @POST
  @Path("orders")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response place(String body) {
    String site = site();
    JsonNode o =
        JsonBody.object(
            body,
            Set.of(
                "id",
                "side",
                "interval",
                "energy_wh",
                "limit_price_per_kwh",
                "local_only",
                "renewable_only"));
    String id =
        o.has("id")
            ? JsonBody.string(o, "id")
            : "me-" + HexFormat.of().toHexDigits(random.nextLong());
    String side = JsonBody.string(o, "side");
    if (!side.equals("bid") && !side.equals("offer")) {
      throw new BadRequest("side", "must be bid or offer");
    }
    JsonNode wh = o.get("energy_wh");
    if (wh == null || !wh.isIntegralNumber() || !wh.canConvertToLong()) {
      throw new BadRequest("energy_wh", "is required, a whole number of Wh");
    }
    JsonNode price = o.get("limit_price_per_kwh");
    if (price == null || !price.isNumber()) {
      throw new BadRequest("limit_price_per_kwh", "is required, a number");
    }
    Site s =
        gridSite(site)
            .orElseThrow(() ->
                new WebApplicationException(
                    "your site " + site + " is not in the grid model; it cannot trade", 409));
    Market.Request r =
        new Market.Request(
            id,
            s.meter(),
            side.equals("bid"),
            Params.instant("interval", JsonBody.string(o, "interval")),
            wh.longValue(),
            Order.micros(price.doubleValue()),
            flag(o, "local_only"),
            flag(o, "renewable_only"));
    try {
      Order placed = market.submit(r, "console");
      return Response.status(201).entity(json(placed)).build();
    } catch (OrderRejected e) {
      return rejected(e);
    }
  }

  @DELETE
  @Path("orders/{id}")
  public Response cancel(@PathParam("id") String id) {
    String site = site();
    MeStore.OwnOrder own =
        store
            .ownOrder(id, site)
            .orElseThrow(() -> new NotFound("no order " + id + " of your site"));
    try {
      return Response.ok(
              json(market.cancel(own.id(), org.gridweave.core.id.MeterId.of(own.meter()))))
          .build();
    } catch (OrderRejected e) {
      return rejected(e);
    }
  }

  @GET
  @Path("trades")
  public List<Map<String, Object>> trades(@QueryParam("limit") String limit) {
    return store.trades(site(), Limit.parse(limit));
  }

  @GET
  @Path("statements")
  public List<Map<String, Object>> statements(@QueryParam("limit") String limit) {
    return store.statements(site(), Limit.parse(limit));
  }

  @GET
  @Path("settlements")
  public List<Map<String, Object>> settlements(@QueryParam("limit") String limit) {
    return store.settlements(site(), Limit.parse(limit));
  }

  @GET
  @Path("settlements/{interval}/proofs")
  public Map<String, Object> proofs(@PathParam("interval") String interval) {
    String site = site();
    Instant at = SettlementResource.interval(interval, "interval");
    return SettlementResource.proofsOf(settlement, at, SiteId.of(site));
  }

  @GET
  @Path("export")
  @Produces("application/zip")
  public Response export() {
    String site = site();
    List<String> meters = meters(site);
    List<CsvZip.Table> tables =
        List.of(
            new CsvZip.Table(
                "readings.csv",
                MeStore.READING_COLUMNS,
                EXPORT_READINGS,
                store.readingRows(meters)),
            table(
                "setpoints.csv",
                "SELECT id, meter_id, interval_start, issued_at, expires_at, battery_charge_w,"
                    + " battery_discharge_w, pv_curtail_pct, flex_defer_w, reason, status, detail,"
                    + " answered_at FROM controller.command WHERE site_id = $1 ORDER BY"
                    + " interval_start, issued_at, id",
                site,
                "id",
                "meter",
                "interval_start",
                "issued_at",
                "expires_at",
                "battery_charge_w",
                "battery_discharge_w",
                "pv_curtail_pct",
                "flex_defer_w",
                "reason",
                "status",
                "detail",
                "answered_at"),
            table(
                "orders.csv",
                "SELECT id, meter_id, side, interval_start, energy_wh, limit_price_micros,"
                    + " local_only, renewable_only, submitted_at, source, status FROM"
                    + " controller.market_order WHERE site_id = $1 ORDER BY interval_start,"
                    + " submitted_at, id",
                site,
                "id",
                "meter",
                "side",
                "interval",
                "energy_wh",
                "limit_price_micros",
                "local_only",
                "renewable_only",
                "submitted_at",
                "source",
                "status"),
            table(
                "trades.csv",
                "SELECT id, interval_start, CASE WHEN buyer_site = $1 THEN 'bought' ELSE 'sold' END,"
                    + " wh, seller_price_micros, fee_micros, CASE WHEN buyer_site = $1 THEN"
                    + " buyer_pays_micros ELSE 0 END, CASE WHEN buyer_site = $1 THEN 0 ELSE"
                    + " seller_gets_micros END, CASE WHEN buyer_site = $1 THEN taken_wh ELSE"
                    + " delivered_wh END FROM controller.trade WHERE buyer_site = $1 OR seller_site"
                    + " = $1 ORDER BY interval_start, id",
                site,
                "id",
                "interval",
                "side",
                "wh",
                "price_micros",
                "fee_micros",
                "paid_micros",
                "received_micros",
                "metered_wh"),
            table(
                "statements.csv",
                "SELECT interval_start, metered, bought_wh, sold_wh, taken_wh, delivered_wh,"
                    + " paid_micros, received_micros, fees_micros, shortfall_wh, shortfall_micros,"
                    + " surplus_wh, surplus_micros, penalty_micros, net_micros FROM"
                    + " controller.statement WHERE site_id = $1 ORDER BY interval_start",
                site,
                "interval",
                "metered",
                "bought_wh",
                "sold_wh",
                "taken_wh",
                "delivered_wh",
                "paid_micros",
                "received_micros",
                "fees_micros",
                "shortfall_wh",
                "shortfall_micros",
                "surplus_wh",
                "surplus_micros",
                "penalty_micros",
                "net_micros"),
            table(
                "settlements.csv",
                "SELECT i.interval_start, i.trades, p.part, p.parts, p.status, p.tx_hash, p.block,"
                    + " p.trades_root, p.settled_at FROM (SELECT interval_start, count(*) AS trades"
                    + " FROM controller.trade WHERE buyer_site = $1 OR seller_site = $1 GROUP BY"
                    + " interval_start) i LEFT JOIN controller.settlement_part p ON"
                    + " p.interval_start = i.interval_start ORDER BY i.interval_start, p.part",
                site,
                "interval",
                "trades",
                "part",
                "parts",
                "status",
                "tx_hash",
                "block",
                "trades_root",
                "settled_at"));
    String title = "GridWeave: the data of site " + site + ", exported " + clock.instant();
    StreamingOutput body = out -> CsvZip.write(out, title, tables);
    return Response.ok(body, "application/zip")
        .header("Content-Disposition", "attachment; filename=\"gridweave-" + site + ".zip\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  private CsvZip.Table table(String file, String sql, String site, String... header) {
    return new CsvZip.Table(file, List.of(header), EXPORT_ROWS, store.rows(sql, site, EXPORT_ROWS));
  }

  /** {@code {"confirm":"ERASE"}}: erases the site's off-chain personal data (see MeErasure). */
  @POST
  @Path("erasure")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> erase(String body) {
    String site = site();
    JsonNode o = JsonBody.object(body, Set.of("confirm"));
    JsonNode confirm = o.get("confirm");
    if (confirm == null || !confirm.isTextual() || !Erasure.CONFIRM.equals(confirm.asText())) {
      throw new BadRequest(
          "confirm",
          "must be \"" + Erasure.CONFIRM + "\" to erase your data (it cannot be undone)");
    }
    Map<String, Long> erased = erasure.erase(identity, site, meters(site));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", site);
    out.put("erased", erased);
    return out;
  }

  @ServerExceptionMapper
  public Response badParameter(BadParameter e) {
    return Response.status(400)
        .type(MediaType.APPLICATION_JSON)
        .entity(new org.gridweave.controller.service.web.ApiError(e.getMessage(), e.field()))
        .build();
  }

  // ---- the caller's site -------------------------------------------------------------------

  /** The caller's site; 403 when the identity names none (a prosumer user must have one). */
  private String site() {
    return Access.siteOf(identity)
        .filter(SiteId::isValid)
        .orElseThrow(() -> new ForbiddenException("your user is not linked to a site"));
  }

  private Optional<Site> gridSite(String site) {
    return grids
        .current()
        .await()
        .atMost(TIMEOUT)
        .flatMap(
            r -> r.grid().sites().stream().filter(s -> s.id().value().equals(site)).findFirst());
  }

  /** The site's meter in the grid model and every meter the gateway registered for it. */
  private List<String> meters(String site) {
    Set<String> out = new LinkedHashSet<>();
    gridSite(site).ifPresent(s -> out.add(s.meter().value()));
    out.addAll(store.registeredMeters(site));
    return List.copyOf(out);
  }

  // ---- orders --------------------------------------------------------------------------------

  private static Response rejected(OrderRejected e) {
    return Response.status(422)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("reason", e.reason().name(), "error", e.getMessage()))
        .build();
  }

  private static Map<String, Object> json(Order o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id());
    m.put("meter", o.meter().value());
    m.put("side", o.bid() ? "bid" : "offer");
    m.put("interval", o.interval().toString());
    m.put("energy_wh", o.energyWh());
    m.put("limit_price_per_kwh", o.limitPriceMicros() / 1e6);
    m.put("local_only", o.localOnly());
    m.put("renewable_only", o.renewableOnly());
    m.put("submitted_at", o.submittedAt().toString());
    return m;
  }

  private static boolean flag(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new BadRequest(field, "must be true or false");
    }
    return n.booleanValue();
  }
}
