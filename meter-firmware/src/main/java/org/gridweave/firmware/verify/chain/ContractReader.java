package org.gridweave.firmware.verify.chain;

import java.util.List;
import org.gridweave.firmware.verify.ChainInterval;
import org.gridweave.firmware.verify.ChainReader;
import org.gridweave.firmware.verify.VerificationException;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.TradeLeaf;
import org.gridweave.settlement.chain.ChainException;
import org.gridweave.settlement.chain.ChainUnavailableException;
import org.gridweave.settlement.chain.IntervalState;
import org.gridweave.settlement.chain.SettlementChain;

/**
 * {@link ChainReader} on the settlement module's web3j client: {@code eth_call}s of the contract's
 * {@code interval} and {@code verifyTrade} views over JSON-RPC. Sends no transaction and needs no
 * key of the prosumer's.
 */
public final class ContractReader implements ChainReader {
  /*
   * SettlementChain is a sender's client; a view only needs a `from`. Private key 1 is a
   * well-known throwaway key: nothing is ever signed with it here, and the chain id is unused.
   */
  private static final String VIEW_ONLY_KEY = "0x" + "0".repeat(63) + "1";
  private static final long UNUSED_CHAIN_ID = 0;

  private final String rpcUrl;
  private final Account contract;
  private final SettlementChain chain;

  private ContractReader(String rpcUrl, Account contract) {
    this.rpcUrl = rpcUrl;
    this.contract = contract;
    this.chain = SettlementChain.connect(rpcUrl, UNUSED_CHAIN_ID, VIEW_ONLY_KEY, contract);
  }

  /** An opener for the contracts reachable through the node at {@code rpcUrl}. */
  public static ChainReader.Opener at(String rpcUrl) {
    if (rpcUrl == null || !rpcUrl.matches("https?://.+")) {
      throw new IllegalArgumentException(
          "the JSON-RPC URL must be http(s)://host:port, was " + rpcUrl);
    }
    return contract -> new ContractReader(rpcUrl, contract);
  }

  @Override
  public ChainInterval interval(long intervalId) throws VerificationException {
    IntervalState s;
    try {
      s = chain.interval(intervalId);
    } catch (ChainUnavailableException e) {
      throw unreachable(e);
    } catch (ChainException e) {
      throw refused("interval(" + intervalId + ")", e);
    } catch (IndexOutOfBoundsException e) {
      // web3j decodes the empty answer of an address without code into no values
      throw noContract(e);
    }
    return new ChainInterval(s.tradesRoot(), s.parts(), s.partsDone(), s.settled());
  }

  @Override
  public boolean verifyTrade(TradeLeaf trade, List<Hash32> proof) throws VerificationException {
    try {
      return chain.verifyTrade(trade, proof);
    } catch (ChainUnavailableException e) {
      throw unreachable(e);
    } catch (ChainException e) {
      throw refused("verifyTrade", e);
    } catch (IndexOutOfBoundsException e) {
      throw noContract(e);
    }
  }

  private VerificationException unreachable(ChainUnavailableException e) {
    return new VerificationException(
        "the chain at " + rpcUrl + " is unreachable: " + e.getMessage(), e);
  }

  private VerificationException refused(String what, ChainException e) {
    return new VerificationException(
        "the contract "
            + contract.hex()
            + " on "
            + rpcUrl
            + " could not answer "
            + what
            + ": "
            + e.getMessage(),
        e);
  }

  private VerificationException noContract(RuntimeException e) {
    return new VerificationException(
        "no settlement contract answers at " + contract.hex() + " on " + rpcUrl, e);
  }

  @Override
  public void close() {
    chain.close();
  }
}
