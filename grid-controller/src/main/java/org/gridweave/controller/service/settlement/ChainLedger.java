package org.gridweave.controller.service.settlement;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.gridweave.controller.settlement.SettlementLedger;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.UndecodableCallException;
import org.gridweave.settlement.chain.ChainRevertException;
import org.gridweave.settlement.chain.SettlementChain;
import org.gridweave.settlement.chain.SignedTransaction;
import org.gridweave.settlement.chain.TxReceipt;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/**
 * {@link SettlementLedger} on the settlement module's web3j client, plus what the service needs
 * around it (deploy, registration). Translates the client's unreachable-chain errors into the
 * port's.
 */
final class ChainLedger implements SettlementLedger, AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  private final String rpcUrl;
  private final String operatorKey;
  private final Account operator;
  private final Web3j web3j;
  private final long chainId;
  private SettlementChain chain;

  private ChainLedger(String rpcUrl, String operatorKey, Web3j web3j, long chainId) {
    this.rpcUrl = rpcUrl;
    this.operatorKey = operatorKey;
    this.operator = accountOf(operatorKey);
    this.web3j = web3j;
    this.chainId = chainId;
  }

  static ChainLedger connect(String rpcUrl, String operatorKey) {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try {
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      return new ChainLedger(rpcUrl, operatorKey, web3j, chainId);
    } catch (IOException e) {
      web3j.shutdown();
      throw new SettlementLedger.ChainUnavailableException(
          "the settlement chain at " + rpcUrl + " does not answer: " + e.getMessage(), e);
    }
  }

  long chainId() {
    return chainId;
  }

  void use(Account contract) {
    chain = SettlementChain.connect(rpcUrl, chainId, operatorKey, contract);
  }

  Account deploy(long intervalSeconds) {
    chain =
        unavailable(() -> SettlementChain.deploy(rpcUrl, chainId, operatorKey, intervalSeconds));
    return chain.contract();
  }

  Account contract() {
    return chain.contract();
  }

  OptionalInt indexOf(Account account) {
    return unavailable(() -> chain.indexOf(account));
  }

  void register(List<Account> accounts, List<Hash32> siteRefs) {
    TxReceipt r = unavailable(() -> chain.registerParticipants(accounts, siteRefs));
    if (!r.success()) {
      throw new IllegalStateException("registering " + accounts.size() + " sites failed: " + r);
    }
  }

  @Override
  public boolean isPartSettled(long intervalId, int part) {
    return unavailable(() -> chain.isPartSettled(intervalId, part));
  }

  /** Besu refuses {@code eth_getLogs} over more blocks than this by default. */
  static final int MAX_BLOCKS_PER_LOG_QUERY = 1000;

  @Override
  public Optional<Inclusion> inclusion(
      long intervalId, int part, Optional<String> sentTx, long fromBlock) {
    return unavailable(() -> {
      if (sentTx.isPresent()) {
        Optional<TxReceipt> r = chain.receipt(Hash32.fromHex(sentTx.get()));
        if (r.isPresent() && r.get().success() && settles(r.get(), intervalId, part)) {
          return Optional.of(new Inclusion(sentTx.get(), r.get().blockNumber()));
        }
      }
      long latest = chain.blockNumber();
      if (fromBlock > latest) {
        return Optional.empty();
      }
      return chain
          .findPartSettled(intervalId, part, fromBlock, latest, MAX_BLOCKS_PER_LOG_QUERY)
          .filter(e -> !e.removed())
          .map(e -> new Inclusion(e.txHash().hex(), e.blockNumber()));
    });
  }

  private static boolean settles(TxReceipt receipt, long intervalId, int part) {
    return receipt.events().stream()
        .anyMatch(e ->
            e instanceof IntervalPartSettled p && p.intervalId() == intervalId && p.part() == part);
  }

  @Override
  public long blockNumber() {
    return unavailable(() -> chain.blockNumber());
  }

  boolean isOperator(Account account) {
    return unavailable(() -> chain.isOperator(account));
  }

  Account operator() {
    return operator;
  }

  /** The account a private key (hex) signs for. */
  static Account accountOf(String privateKey) {
    return Account.fromHex(Credentials.create(privateKey).getAddress());
  }

  @Override
  public long minedNonce() {
    try {
      return web3j
          .ethGetTransactionCount(operator.hex(), DefaultBlockParameterName.LATEST)
          .send()
          .getTransactionCount()
          .longValueExact();
    } catch (IOException e) {
      throw new SettlementLedger.ChainUnavailableException(
          "eth_getTransactionCount: " + e.getMessage(), e);
    }
  }

  @Override
  public long pendingNonce() {
    return unavailable(() -> chain.pendingNonce());
  }

  @Override
  public SignedTx sign(byte[] calldata, long nonce) {
    try {
      SignedTransaction t = chain.signCommit(CommitCall.decode(calldata), nonce);
      return new SignedTx(t.hash().hex(), t.nonce(), t.raw());
    } catch (ChainRevertException e) {
      if (e.errorName().filter("IntervalNotEnded"::equals).isPresent()) {
        throw new NotYetException(e.getMessage());
      }
      throw new RefusedException(e.getMessage());
    } catch (UndecodableCallException e) {
      throw new RefusedException("the stored calldata is not a commit call: " + e.reason());
    } catch (org.gridweave.settlement.chain.ChainUnavailableException e) {
      throw new SettlementLedger.ChainUnavailableException(e.getMessage(), e);
    }
  }

  @Override
  public void send(SignedTx tx) {
    unavailable(() -> chain.sendRaw(SignedTransaction.ofRaw(tx.raw(), tx.nonce())));
  }

  @Override
  public Optional<Receipt> awaitReceipt(String txHash, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<TxReceipt> r = unavailable(() -> chain.receipt(Hash32.fromHex(txHash)));
      if (r.isPresent()) {
        TxReceipt receipt = r.get();
        return Optional.of(
            new Receipt(
                receipt.success(),
                receipt.blockNumber(),
                receipt.success() ? "" : "status 0 (gas used " + receipt.gasUsed() + ")"));
      }
      if (System.nanoTime() >= deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static <T> T unavailable(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (org.gridweave.settlement.chain.ChainUnavailableException e) {
      throw new SettlementLedger.ChainUnavailableException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (chain != null) {
      chain.close();
    }
    web3j.shutdown();
  }
}
