package org.gridweave.controller.market;

import java.util.OptionalLong;

/**
 * One site's settings for its default bidding agent (#5), set by the prosumer or operator. The
 * agent quotes {@code share} of the forecast surplus or deficit; its offer price falls no lower
 * than {@code minSellPriceMicros} and its bid price rises no higher than {@code maxBuyPriceMicros}
 * (the tariff band is the default range); its orders carry the site's preferences.
 *
 * @param enabled whether the site has an agent at all (a site with its own strategy turns it off)
 * @param share fraction of the forecast surplus or deficit to trade, in (0, 1]: below 1 keeps a
 *     margin for forecast error (the delivery check penalises what is not delivered)
 * @param minSellPriceMicros the lowest price per kWh the agent offers at, if set
 * @param maxBuyPriceMicros the highest price per kWh the agent bids, if set
 * @param localOnly trade only within the site's feeder
 * @param renewableOnly bids accept only renewable sellers
 */
public record AgentSettings(
    boolean enabled,
    double share,
    OptionalLong minSellPriceMicros,
    OptionalLong maxBuyPriceMicros,
    boolean localOnly,
    boolean renewableOnly) {

  public static final AgentSettings DEFAULT =
      new AgentSettings(true, 1.0, OptionalLong.empty(), OptionalLong.empty(), false, false);

  public static final AgentSettings OFF =
      new AgentSettings(false, 1.0, OptionalLong.empty(), OptionalLong.empty(), false, false);

  public AgentSettings {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], was " + share);
    }
    check("min_sell_price", minSellPriceMicros);
    check("max_buy_price", maxBuyPriceMicros);
  }

  private static void check(String what, OptionalLong price) {
    if (price.isPresent() && Math.abs(price.getAsLong()) > MarketRules.PRICE_LIMIT_MICROS) {
      throw new IllegalArgumentException(what + " must be within ±100 per kWh");
    }
  }

  /** The agent's quote under these settings: energy scaled, price held at the site's limits. */
  BiddingAgent.Quote apply(BiddingAgent.Quote q) {
    long wh = Math.round(q.energyWh() * share);
    long price = q.limitPriceMicros();
    if (q.bid() && maxBuyPriceMicros.isPresent()) {
      price = Math.min(price, maxBuyPriceMicros.getAsLong());
    }
    if (!q.bid() && minSellPriceMicros.isPresent()) {
      price = Math.max(price, minSellPriceMicros.getAsLong());
    }
    return new BiddingAgent.Quote(q.bid(), wh, price);
  }
}
