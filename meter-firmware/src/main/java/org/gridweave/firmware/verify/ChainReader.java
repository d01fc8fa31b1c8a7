package org.gridweave.firmware.verify;

import java.util.List;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
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
