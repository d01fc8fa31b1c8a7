package org.gridweave.controller.market;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gridweave.core.id.SiteId;

/**
 * One cleared trade. {@code id} is stable: the first 16 bytes (hex) of SHA-256 over {@code
 * interval|bid id|offer id} (UTF-8) — the same book always gives the same ids, and a bid and an
 * offer trade at most once per clearing. Money in millionths of a currency unit.
 */
public record Trade(
    String id,
    Instant interval,
    String bidId,
    String offerId,
    SiteId buyer,
    SiteId seller,
    long wh,
    long sellerPriceMicros,
    long feeMicros,
    long buyerPaysMicros,
    long sellerGetsMicros) {

  public static String id(Instant interval, String bidId, String offerId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h =
          sha.digest((interval + "|" + bidId + "|" + offerId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The trades of a clearing, with ids and amounts. */
  public static List<Trade> of(Market.Closed closed, ClearingResult r) {
    List<Trade> out = new ArrayList<>(r.trades());
    for (int t = 0; t < r.trades(); t++) {
      Order bid = closed.orders().get(r.bid()[t]);
      Order offer = closed.orders().get(r.offer()[t]);
      out.add(
          new Trade(
              id(closed.interval(), bid.id(), offer.id()),
              closed.interval(),
              bid.id(),
              offer.id(),
              bid.site(),
              offer.site(),
              r.wh()[t],
              r.sellerPriceMicros()[t],
              r.feeMicros()[t],
              r.buyerPaysMicros(t),
              r.sellerGetsMicros(t)));
    }
    return out;
  }
}
