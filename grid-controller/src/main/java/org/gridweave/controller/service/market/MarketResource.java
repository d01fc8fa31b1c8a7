package org.gridweave.controller.service.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridweave.controller.market.Market;
import org.gridweave.controller.market.Order;
import org.gridweave.controller.market.OrderRejected;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.service.web.Params;
import org.gridweave.core.id.MeterId;

/**
 * The market over REST: orders (place, list, cancel), clearings, trades, statements, and the
 * operator's early gate closure. Refused orders answer 422 with {@code {"reason": CODE, "error"}}.
 */
@Path("/market")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "viewer"})
public class MarketResource {

  @Inject MarketService market;
  @Inject ControllerConfig config;
  @Inject Pool pool;
  @Inject org.gridweave.controller.service.settlement.SettlementStore settlements;

  @RolesAllowed("operator")
  @POST
  @Path("orders")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response place(String body) {
    JsonNode o =
        JsonBody.object(
            body,
            java.util.Set.of(
                "id",
                "meter",
                "side",
                "interval",
                "energy_wh",
                "limit_price_per_kwh",
                "local_only",
                "renewable_only"));
    String side = JsonBody.string(o, "side");
    if (!side.equals("bid") && !side.equals("offer")) {
      throw new BadRequest("side", "must be bid or offer");
    }
    JsonNode wh = o.get("energy_wh");
    if (wh == null || !wh.isIntegralNumber()) {
      throw new BadRequest("energy_wh", "is required, a whole number of Wh");
    }
    JsonNode price = o.get("limit_price_per_kwh");
    if (price == null || !price.isNumber()) {
      throw new BadRequest("limit_price_per_kwh", "is required, a number");
    }
    String meter = JsonBody.string(o, "meter");
    if (!MeterId.isValid(meter)) {
      throw new BadRequest("meter", "is not a valid id");
    }
    Market.Request r =
        new Market.Request(
            JsonBody.string(o, "id"),
            MeterId.of(meter),
            side.equals("bid"),
            Params.instant("interval", JsonBody.string(o, "interval")),
            wh.longValue(),
            Order.micros(price.doubleValue()),
            o.path("local_only").asBoolean(false),
            o.path("renewable_only").asBoolean(false));
    try {
      Order placed = market.submit(r, "rest");
      return Response.status(201).entity(json(placed)).build();
    } catch (OrderRejected e) {
      return rejected(e);
    }
  }

  @RolesAllowed("operator")
  @DELETE
  @Path("orders/{id}")
  public Response cancel(@PathParam("id") String id, @QueryParam("meter") String meter) {
    if (meter == null || !MeterId.isValid(meter)) {
      throw new BadRequest("meter", "the cancelling meter is required");
    }
    try {
      return Response.ok(json(market.cancel(id, MeterId.of(meter)))).build();
    } catch (OrderRejected e) {
      return rejected(e);
    }
  }

  @GET
  @Path("orders")
  public List<Map<String, Object>> open(@QueryParam("interval") String interval) {
    return market.open(Params.instant("interval", interval)).stream()
        .map(MarketResource::json)
        .toList();
  }

  @RolesAllowed("operator")
  @POST
  @Path("intervals/{interval}/close")
  public Map<String, Object> closeNow(@PathParam("interval") String interval) {
    return market.clear(Params.instant("interval", interval), true);
  }

  /** Runs the delivery check for a cleared interval now (e.g. after late readings). */
  @RolesAllowed("operator")
  @POST
  @Path("intervals/{interval}/check")
  public Map<String, Object> checkNow(@PathParam("interval") String interval) {
    Instant t = Params.instant("interval", interval);
    if (settlements.isBuilt(t)) {
      // its statements are on their way to the chain (or there): changing them would part the
      // books from the chain's balances
      throw new jakarta.ws.rs.WebApplicationException(
          "interval " + t + " is being settled on chain; its statements can no longer change", 409);
    }
    market.checkDelivery(t, true);
    return Map.of("interval", t.toString(), "checked", true);
  }

  @GET
  @Path("clearings")
  public Uni<List<JsonObject>> clearings(@QueryParam("limit") Integer limit) {
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > 1000) {
      throw new BadRequest("limit", "must be 1..1000, was " + n);
    }
    return pool.preparedQuery(
            "SELECT * FROM controller.clearing ORDER BY interval_start DESC LIMIT $1")
        .execute(Tuple.of(n))
        .map(rows -> {
          List<JsonObject> out = new java.util.ArrayList<>();
          rows.forEach(
              r -> out.add(clearingJson(r.getOffsetDateTime("interval_start").toInstant(), r)));
          return out;
        });
  }

  @GET
  @Path("clearings/{interval}")
  public Uni<JsonObject> clearing(@PathParam("interval") String interval) {
    Instant t = Params.instant("interval", interval);
    return pool.preparedQuery("SELECT * FROM controller.clearing WHERE interval_start = $1")
        .execute(Tuple.of(MarketService.at(t)))
        .map(rows -> {
          if (rows.size() == 0) throw new NotFound("no clearing for " + t);
          return clearingJson(t, rows.iterator().next());
        });
  }

  private static JsonObject clearingJson(Instant t, Row r) {
    Long p = r.getLong("price_micros");
    return new JsonObject()
        .put("interval", t.toString())
        .put("mechanism", r.getString("mechanism"))
        .put("price_per_kwh", p == null ? null : p / 1e6)
        .put("marginal_bid", r.getString("marginal_bid"))
        .put("marginal_offer", r.getString("marginal_offer"))
        .put("orders", r.getInteger("orders"))
        .put("trades", r.getInteger("trades"))
        .put("traded_wh", r.getLong("traded_wh"))
        .put("network_cut_wh", r.getLong("network_cut_wh"))
        .put("explanation", r.getString("explanation"));
  }

  @GET
  @Path("trades")
  public Uni<List<JsonObject>> trades(@QueryParam("interval") String interval) {
    return rows(
        "SELECT * FROM controller.trade WHERE interval_start = $1 ORDER BY id",
        Params.instant("interval", interval));
  }

  @GET
  @Path("statements")
  public Uni<List<JsonObject>> statements(@QueryParam("interval") String interval) {
    return rows(
        "SELECT * FROM controller.statement WHERE interval_start = $1 ORDER BY site_id",
        Params.instant("interval", interval));
  }

  private Uni<List<JsonObject>> rows(String sql, Instant t) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(MarketService.at(t)))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            JsonObject o = new JsonObject();
            for (int c = 0; c < r.size(); c++) {
              Object v = r.getValue(c);
              o.put(
                  r.getColumnName(c),
                  v instanceof java.time.OffsetDateTime d ? d.toInstant().toString() : v);
            }
            out.add(o);
          }
          return out;
        });
  }

  private static Response rejected(OrderRejected e) {
    return Response.status(422)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("reason", e.reason().name(), "error", e.getMessage()))
        .build();
  }

  static Map<String, Object> json(Order o) {
    return Map.of(
        "id",
        o.id(),
        "site",
        o.site().value(),
        "meter",
        o.meter().value(),
        "side",
        o.bid() ? "bid" : "offer",
        "interval",
        o.interval().toString(),
        "energy_wh",
        o.energyWh(),
        "limit_price_per_kwh",
        o.limitPriceMicros() / 1e6,
        "local_only",
        o.localOnly(),
        "renewable_only",
        o.renewableOnly(),
        "submitted_at",
        o.submittedAt().toString());
  }
}
