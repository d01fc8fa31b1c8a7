package org.gridweave.firmware.verify;

import java.util.List;
import java.util.OptionalInt;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.TradeLeaf;

/**
 * Read-only view of the settlement contract: the one source of truth {@code meter verify} trusts.
 * Implementations: {@code verify.chain.ContractReader} (web3j {@code eth_call}) and test fakes.
 */
public interface ChainReader extends AutoCloseable {

  /** The contract's {@code interval(intervalId)} view. */
  ChainInterval interval(long intervalId) throws VerificationException;

  /** The contract's {@code verifyTrade(...)} view: false while the interval is not settled. */
  boolean verifyTrade(TradeLeaf trade, List<Hash32> proof) throws VerificationException;

  /**
   * The contract's {@code indexOf(account)} view: the account's participant index, if registered.
   */
  OptionalInt indexOf(Account account) throws VerificationException;

  /** The account of participant {@code index} (the contract's {@code participant(index)} view). */
  Account participantAccount(int index) throws VerificationException;

  /**
   * The contract's {@code IntervalPartSettled} events of interval {@code intervalId} logged in
   * block {@code block} (read from the chain's logs; removed logs left out); empty if there are
   * none there.
   */
  List<IntervalPartSettled> partsSettledIn(long intervalId, long block)
      throws VerificationException;

  @Override
  void close();

  /**
   * Opens a reader of the contract at an address (the address comes from the controller or CLI).
   */
  @FunctionalInterface
  interface Opener {
    ChainReader open(Account contract) throws VerificationException;
  }
}
