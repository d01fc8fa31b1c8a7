package org.gridweave.firmware.verify.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.gridweave.firmware.verify.ChainInterval;
import org.gridweave.firmware.verify.ChainReader;
import org.gridweave.firmware.verify.VerificationException;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.TradeLeaf;
import org.gridweave.settlement.chain.ChainException;
import org.gridweave.settlement.chain.ChainRevertException;
import org.gridweave.settlement.chain.ChainUnavailableException;
import org.gridweave.settlement.chain.IntervalState;
import org.gridweave.settlement.chain.LoggedEvent;
import org.gridweave.settlement.chain.NoContractException;
import org.gridweave.settlement.chain.SettlementChain;

/**
 * {@link ChainReader} on the settlement module's read-only web3j client ({@link
 * SettlementChain#reader}): {@code eth_call}s of the contract's {@code interval}, {@code
 * verifyTrade}, {@code indexOf} and {@code participant} views, and {@code eth_getLogs} of one block
 * at a time, over JSON-RPC. Holds no key and sends no transaction. Opening it checks that the
 * address has code.
 */
public final class ContractReader implements ChainReader {

  private final String rpcUrl;
  private final Account contract;
  private final SettlementChain chain;

  private ContractReader(String rpcUrl, Account contract, SettlementChain chain) {
    this.rpcUrl = rpcUrl;
    this.contract = contract;
    this.chain = chain;
  }

  /** An opener for the contracts reachable through the node at {@code rpcUrl}. */
  public static ChainReader.Opener at(String rpcUrl) {
    if (rpcUrl == null || !rpcUrl.matches("https?://.+")) {
      throw new IllegalArgumentException(
          "the JSON-RPC URL must be http(s)://host:port, was " + rpcUrl);
    }
    return contract -> open(rpcUrl, contract);
  }

  private static ContractReader open(String rpcUrl, Account contract) throws VerificationException {
    try {
      return new ContractReader(rpcUrl, contract, SettlementChain.reader(rpcUrl, contract));
    } catch (ChainUnavailableException e) {
      throw unreachable(rpcUrl, e);
    } catch (NoContractException e) {
      throw new VerificationException(e.getMessage(), e);
    } catch (ChainException e) {
      throw new VerificationException(
          "could not read the contract " + contract.hex() + " on " + rpcUrl + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public ChainInterval interval(long intervalId) throws VerificationException {
    IntervalState s;
    try {
      s = chain.interval(intervalId);
    } catch (ChainException e) {
      throw failed("interval(" + intervalId + ")", e);
    }
    return new ChainInterval(s.tradesRoot(), s.parts(), s.partsDone(), s.settled());
  }

  @Override
  public boolean verifyTrade(TradeLeaf trade, List<Hash32> proof) throws VerificationException {
    try {
      return chain.verifyTrade(trade, proof);
    } catch (ChainException e) {
      throw failed("verifyTrade", e);
    }
  }

  @Override
  public OptionalInt indexOf(Account account) throws VerificationException {
    try {
      return chain.indexOf(account);
    } catch (ChainException e) {
      throw failed("indexOf(" + account.hex() + ")", e);
    }
  }

  @Override
  public Account participantAccount(int index) throws VerificationException {
    try {
      return chain.participant(index).account();
    } catch (ChainException e) {
      throw failed("participant(" + index + ")", e);
    }
  }

  /**
   * The contract's logs of one block ({@code eth_getLogs} from {@code block} to {@code block} on
   * the contract's address, the client's existing {@link SettlementChain#events}), keeping the
   * interval's {@code IntervalPartSettled}.
   */
  @Override
  public List<IntervalPartSettled> partsSettledIn(long intervalId, long block)
      throws VerificationException {
    List<LoggedEvent> logged;
    try {
      logged = chain.events(block, block);
    } catch (ChainUnavailableException e) {
      throw unreachable(rpcUrl, e);
    } catch (ChainException e) {
      throw new VerificationException(
          "could not read the logs of the contract "
              + contract.hex()
              + " in block "
              + block
              + " on "
              + rpcUrl
              + ": "
              + e.getMessage(),
          e);
    }
    List<IntervalPartSettled> parts = new ArrayList<>();
    for (LoggedEvent e : logged) {
      if (!e.removed()
          && e.blockNumber() == block
          && e.event() instanceof IntervalPartSettled part
          && part.intervalId() == intervalId) {
        parts.add(part);
      }
    }
    return parts;
  }

  /**
   * A revert is put in context (contract, node, view); the client's other errors (no code at the
   * address, a view answered with no data) already name the contract and the node.
   */
  private VerificationException failed(String what, ChainException e) {
    if (e instanceof ChainUnavailableException unavailable) {
      return unreachable(rpcUrl, unavailable);
    }
    if (!(e instanceof ChainRevertException)) {
      return new VerificationException(e.getMessage(), e);
    }
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

  private static VerificationException unreachable(String rpcUrl, ChainUnavailableException e) {
    return new VerificationException(
        "the chain at " + rpcUrl + " is unreachable: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    chain.close();
  }
}
