package org.gridweave.controller.service.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.market.AgentSettings;
import org.gridweave.controller.market.MarketRules;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.core.id.SiteId;

/**
 * Per-site settings of the default bidding agents: {@code GET /market/agents} (every site, with the
 * settings in force and whether they are the site's own), {@code GET|PUT|DELETE
 * /market/agents/{site}}. A PUT body names any of {@code enabled}, {@code share}, {@code
 * min_sell_price_per_kwh}, {@code max_buy_price_per_kwh}, {@code local_only}, {@code
 * renewable_only}; what it leaves out takes the default. DELETE returns the site to the defaults.
 */
@Path("/market/agents")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed({"operator", "viewer"})
public class AgentResource {
  private static final Set<String> FIELDS =
      Set.of(
          "enabled",
          "share",
          "min_sell_price_per_kwh",
          "max_buy_price_per_kwh",
          "local_only",
          "renewable_only");

  @Inject MarketService market;
  @Inject AgentSettingsStore store;

  @GET
  public List<Map<String, Object>> all() {
    Map<SiteId, AgentSettings> own = store.all();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Site s : market.sites()) {
      out.add(
          json(s.id(), market.agentSettingsOf(s.id(), own.get(s.id())), own.containsKey(s.id())));
    }
    return out;
  }

  @GET
  @Path("{site}")
  public Map<String, Object> one(@PathParam("site") String site) {
    SiteId id = known(site);
    java.util.Optional<AgentSettings> own = store.find(id);
    return json(id, market.agentSettingsOf(id, own.orElse(null)), own.isPresent());
  }

  @RolesAllowed("operator")
  @PUT
  @Path("{site}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> put(@PathParam("site") String site, String body) {
    SiteId id = known(site);
    AgentSettings s = parse(body);
    store.put(id, s);
    return json(id, s, true);
  }

  @RolesAllowed("operator")
  @DELETE
  @Path("{site}")
  public Map<String, Object> reset(@PathParam("site") String site) {
    SiteId id = known(site);
    store.delete(id);
    return json(id, market.agentSettingsOf(id, null), false);
  }

  private SiteId known(String site) {
    if (!SiteId.isValid(site)) {
      throw new BadRequest("site", "'" + site + "' is not a valid site id");
    }
    SiteId id = SiteId.of(site);
    if (market.sites().stream().noneMatch(s -> s.id().equals(id))) {
      throw new NotFound("no site " + site + " on the grid");
    }
    return id;
  }

  AgentSettings parse(String body) {
    JsonNode o = JsonBody.object(body, FIELDS);
    double share = 1.0;
    JsonNode sh = o.get("share");
    if (sh != null) {
      if (!sh.isNumber() || !(sh.doubleValue() > 0 && sh.doubleValue() <= 1)) {
        throw new BadRequest("share", "must be a number in (0, 1]");
      }
      share = sh.doubleValue();
    }
    return new AgentSettings(
        bool(o, "enabled", true),
        share,
        price(o, "min_sell_price_per_kwh"),
        price(o, "max_buy_price_per_kwh"),
        bool(o, "local_only", false),
        bool(o, "renewable_only", false));
  }

  private static boolean bool(JsonNode o, String field, boolean otherwise) {
    JsonNode n = o.get(field);
    if (n == null) {
      return otherwise;
    }
    if (!n.isBoolean()) {
      throw new BadRequest(field, "must be true or false");
    }
    return n.booleanValue();
  }

  /** A price within the market's bounds with at most 6 decimals; absent or null: none. */
  private OptionalLong price(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return OptionalLong.empty();
    }
    if (!n.isNumber()) {
      throw new BadRequest(field, "must be a price per kWh (a number or null)");
    }
    long micros;
    try {
      micros = n.decimalValue().movePointRight(6).longValueExact();
    } catch (ArithmeticException e) {
      throw new BadRequest(field, "must be a price per kWh with at most 6 decimals");
    }
    MarketRules rules = market.rules();
    if (micros < rules.minPriceMicros() || micros > rules.maxPriceMicros()) {
      throw new BadRequest(
          field,
          String.format(
              java.util.Locale.ROOT,
              "must be within the market's prices %.6f..%.6f per kWh",
              rules.minPriceMicros() / 1e6,
              rules.maxPriceMicros() / 1e6));
    }
    return OptionalLong.of(micros);
  }

  private static Map<String, Object> json(SiteId site, AgentSettings s, boolean own) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", site.value());
    out.put("enabled", s.enabled());
    out.put("share", s.share());
    out.put(
        "min_sell_price_per_kwh",
        s.minSellPriceMicros().isPresent() ? s.minSellPriceMicros().getAsLong() / 1e6 : null);
    out.put(
        "max_buy_price_per_kwh",
        s.maxBuyPriceMicros().isPresent() ? s.maxBuyPriceMicros().getAsLong() / 1e6 : null);
    out.put("local_only", s.localOnly());
    out.put("renewable_only", s.renewableOnly());
    out.put("source", own ? "site" : "default");
    return out;
  }
}
