package org.gridweave.controller.market;

/**
 * The outcome of one clearing, as arrays indexed by trade ({@code 0..trades()-1}). A trade moves
 * {@code wh[t]} from the offer {@code offer[t]} to the bid {@code bid[t]} (indices into the {@link
 * Book}); the seller receives {@code sellerPriceMicros[t]} per kWh, the buyer pays that plus {@code
 * feeMicros[t]} (the grid fee), so money balances trade by trade.
 *
 * @param clearingPriceMicros the uniform price (pay-as-clear), or {@link Long#MIN_VALUE} when
 *     nothing crossed or under pay-as-bid
 * @param marginalBid the bid and offer that set the uniform price (indices), or -1
 * @param networkBound some feeder's capacity ran out (see {@link Clearing#networkCut})
 * @param crossExportWh per feeder: energy its sites sold to other feeders
 * @param crossImportWh per feeder: energy its sites bought from other feeders
 */
public record ClearingResult(
    MarketRules.Mechanism mechanism,
    int trades,
    int[] bid,
    int[] offer,
    long[] wh,
    long[] sellerPriceMicros,
    long[] feeMicros,
    long tradedWh,
    long clearingPriceMicros,
    int marginalBid,
    int marginalOffer,
    boolean networkBound,
    long[] crossExportWh,
    long[] crossImportWh) {

  public static final long NO_PRICE = Long.MIN_VALUE;

  /** Money in millionths of a currency unit for {@code wh} at {@code micros} per kWh (half-up). */
  public static long amountMicros(long micros, long wh) {
    return Math.floorDiv(micros * wh + 500, 1000);
  }

  public long sellerGetsMicros(int t) {
    return amountMicros(sellerPriceMicros[t], wh[t]);
  }

  public long feeAmountMicros(int t) {
    return amountMicros(feeMicros[t], wh[t]);
  }

  /** What the buyer pays: the seller's amount plus the fee's, so every trade balances exactly. */
  public long buyerPaysMicros(int t) {
    return sellerGetsMicros(t) + feeAmountMicros(t);
  }
}
