package org.gridweave.settlement.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.SettlementAbi;
import org.gridweave.settlement.SettlementEvent;
import org.gridweave.settlement.SettlementEvents;
import org.gridweave.settlement.TradeLeaf;
import org.gridweave.settlement.UndecodableEventException;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * The {@code EnergySettlement} contract over JSON-RPC (web3j): deploy, register, commit, read,
 * verify, logs. One instance is one sender (private key) talking to one contract.
 *
 * <p>Transactions are legacy (type 0, EIP-155) with the node's gas price and a gas limit from
 * {@code eth_estimateGas} plus a quarter: the estimate also runs the contract's rules, so a call it
 * would refuse fails with a {@link ChainRevertException} naming the rule before anything is signed
 * or sent. Receipts are polled every 50 ms for up to 30 s.
 *
 * <p>For exactly-once delivery the ledger client uses the parts separately: {@link
 * #signCommit(CommitCall, long)} (sign only, explicit nonce), store the {@link SignedTransaction},
 * {@link #sendRaw(SignedTransaction)}, {@link #awaitReceipt(Hash32)}; re-sending the same signed
 * transaction is harmless.
 *
 * <p>{@link #reader(String, Account)} is a read-only client (views, {@code verifyTrade}, logs,
 * receipts) that holds no key: its sending methods throw {@link IllegalStateException}.
 *
 * <p>Errors: {@link ChainUnavailableException} when the node does not answer, {@link
 * ChainRevertException} when the contract refuses, {@link NoContractException} when there is no
 * code at the contract's address, {@link ChainException} otherwise (e.g. a view answered with no
 * data). Thread-safe as web3j is; nonces are the caller's business when several threads send for
 * one sender.
 */
public final class SettlementChain implements AutoCloseable {

  private static final long POLL_MILLIS = 50;
  private static final int POLL_ATTEMPTS = 600;

  private final Web3j web3j;
  private final String rpcUrl;
  private final boolean ownsConnection;
  private final long chainId;

  /** Null for a {@link #reader(String, Account)}. */
  private final Credentials sender;

  private final Account contract;
  private final TransactionReceiptProcessor receipts;

  private SettlementChain(
      Web3j web3j,
      String rpcUrl,
      boolean ownsConnection,
      long chainId,
      Credentials sender,
      Account contract) {
    this.web3j = web3j;
    this.rpcUrl = rpcUrl;
    this.ownsConnection = ownsConnection;
    this.chainId = chainId;
    this.sender = sender;
    this.contract = contract;
    this.receipts = new PollingTransactionReceiptProcessor(web3j, POLL_MILLIS, POLL_ATTEMPTS);
  }

  /** A client of the contract at {@code contract}, sending as {@code senderPrivateKey} (hex). */
  public static SettlementChain connect(
      String rpcUrl, long chainId, String senderPrivateKey, Account contract) {
    return new SettlementChain(
        Web3j.build(new HttpService(rpcUrl)),
        rpcUrl,
        true,
        chainId,
        Credentials.create(senderPrivateKey),
        contract);
  }

  /**
   * A read-only client of the contract at {@code contract}: views, {@code verifyTrade}, logs,
   * receipts and the block number, with no key and no chain id. Its views are {@code eth_call}s
   * without a {@code from}. The methods that sign or send ({@code commit}, {@code
   * registerParticipants}, {@code signCommit}, {@code sendRaw}, ...) and those that name the sender
   * throw {@link IllegalStateException}.
   *
   * @throws NoContractException if the address has no code ({@code eth_getCode} is empty)
   * @throws ChainUnavailableException if the node does not answer
   */
  public static SettlementChain reader(String rpcUrl, Account contract) {
    if (contract == null) {
      throw new IllegalArgumentException("a reader needs the contract's address");
    }
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try {
      SettlementChain reader = new SettlementChain(web3j, rpcUrl, true, 0, null, contract);
      reader.requireCode();
      return reader;
    } catch (RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }

  /** Whether this client holds no key ({@link #reader(String, Account)}). */
  public boolean isReadOnly() {
    return sender == null;
  }

  /**
   * Deploys a new {@code EnergySettlement(intervalSeconds)}; the sender becomes its owner, operator
   * and participant 0, and the returned client talks to it.
   */
  public static SettlementChain deploy(
      String rpcUrl, long chainId, String senderPrivateKey, long intervalSeconds) {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try {
      SettlementChain deployer =
          new SettlementChain(
              web3j, rpcUrl, true, chainId, Credentials.create(senderPrivateKey), null);
      byte[] constructorArgs =
          HexFormat.of()
              .parseHex(FunctionEncoder.encodeConstructor(List.of(new Uint64(intervalSeconds))));
      byte[] code = ContractCode.energySettlement();
      byte[] data = new byte[code.length + constructorArgs.length];
      System.arraycopy(code, 0, data, 0, code.length);
      System.arraycopy(constructorArgs, 0, data, code.length, constructorArgs.length);
      TxReceipt receipt = deployer.transact(null, data, "deploy EnergySettlement");
      if (!receipt.success() || receipt.contractAddress() == null) {
        throw new ChainException("deploying EnergySettlement failed: " + receipt);
      }
      return new SettlementChain(
          web3j, rpcUrl, true, chainId, deployer.sender, receipt.contractAddress());
    } catch (RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }

  /**
   * The same contract and connection, sending as another account. Closing it closes nothing.
   *
   * @throws IllegalStateException on a reader, which has no chain id to sign for
   */
  public SettlementChain withSender(String senderPrivateKey) {
    requireSender("withSender");
    return new SettlementChain(
        web3j, rpcUrl, false, chainId, Credentials.create(senderPrivateKey), contract);
  }

  public Account contract() {
    return contract;
  }

  /**
   * @throws IllegalStateException on a reader
   */
  public Account sender() {
    requireSender("sender");
    return Account.fromHex(sender.getAddress());
  }

  /**
   * @throws IllegalStateException on a reader
   */
  public long chainId() {
    requireSender("chainId");
    return chainId;
  }

  // ---- transactions ----

  public TxReceipt addOperator(Account operator) {
    return call(new Function("addOperator", List.of(address(operator)), List.of()), "addOperator");
  }

  public TxReceipt removeOperator(Account operator) {
    return call(
        new Function("removeOperator", List.of(address(operator)), List.of()), "removeOperator");
  }

  /**
   * Registers {@code accounts} under the next indexes, in order; {@code siteRefs} pair with them.
   */
  public TxReceipt registerParticipants(List<Account> accounts, List<Hash32> siteRefs) {
    Function function =
        new Function(
            "registerParticipants",
            List.of(
                new DynamicArray<>(
                    Address.class, accounts.stream().map(SettlementChain::address).toList()),
                new DynamicArray<>(
                    Bytes32.class,
                    siteRefs.stream().map(ref -> new Bytes32(ref.bytes())).toList())),
            List.of());
    return call(function, "registerParticipants");
  }

  /** Signs with the sender's pending nonce, sends and waits for the receipt. */
  public TxReceipt commit(CommitCall call) {
    requireSender("commit");
    SignedTransaction signed = signCommit(call, pendingNonce());
    return awaitReceipt(sendRaw(signed));
  }

  /**
   * Signs {@code call} with an explicit nonce, without sending it. Estimates gas first: a call the
   * contract would refuse now (a settled part, a foreign root, a non-zero sum...) throws {@link
   * ChainRevertException}.
   */
  public SignedTransaction signCommit(CommitCall call, long nonce) {
    requireSender("signCommit");
    byte[] data = call.encode();
    long gasLimit =
        gasLimit(
            contract, data, "commitInterval(" + call.intervalId() + ", part " + call.part() + ")");
    return sign(contract, data, nonce, gasPrice(), gasLimit);
  }

  /** Signs any transaction from the sender (no RPC); {@code to} null creates a contract. */
  public SignedTransaction sign(
      Account to, byte[] data, long nonce, BigInteger gasPrice, long gasLimit) {
    requireSender("sign");
    RawTransaction transaction =
        RawTransaction.createTransaction(
            BigInteger.valueOf(nonce),
            gasPrice,
            BigInteger.valueOf(gasLimit),
            to == null ? "" : to.hex(),
            BigInteger.ZERO,
            "0x" + HexFormat.of().formatHex(data));
    byte[] raw = TransactionEncoder.signMessage(transaction, chainId, sender);
    return SignedTransaction.ofRaw(raw, nonce);
  }

  /**
   * {@code eth_sendRawTransaction}; returns the transaction hash. A transaction the node already
   * holds ("already known") or has already mined counts as sent, so re-sending a stored signed
   * transaction is safe.
   */
  public Hash32 sendRaw(SignedTransaction transaction) {
    requireSender("sendRaw");
    var response =
        send(web3j.ethSendRawTransaction(transaction.rawHex()), "eth_sendRawTransaction");
    if (response.hasError()) {
      String message = response.getError().getMessage();
      if (message != null
          && message.toLowerCase().matches(".*(already known|already imported).*")) {
        return transaction.hash();
      }
      if (receipt(transaction.hash()).isPresent()) {
        return transaction.hash(); // mined before: the node now says "nonce too low"
      }
      throw new ChainException(
          "sending " + transaction + " failed: " + message + revertSuffix(response.getError()));
    }
    return transaction.hash();
  }

  /** The sender's next nonce counting pending transactions. */
  public long pendingNonce() {
    requireSender("pendingNonce");
    var response =
        send(
            web3j.ethGetTransactionCount(sender.getAddress(), DefaultBlockParameterName.PENDING),
            "eth_getTransactionCount");
    return checked(response, "eth_getTransactionCount").getTransactionCount().longValueExact();
  }

  public BigInteger gasPrice() {
    return checked(send(web3j.ethGasPrice(), "eth_gasPrice"), "eth_gasPrice").getGasPrice();
  }

  /** {@code eth_estimateGas} from the sender; a revert throws {@link ChainRevertException}. */
  public long estimateGas(Account to, byte[] data, String what) {
    requireSender("estimateGas");
    Transaction transaction =
        Transaction.createEthCallTransaction(
            sender.getAddress(),
            to == null ? null : to.hex(),
            "0x" + HexFormat.of().formatHex(data));
    var response = send(web3j.ethEstimateGas(transaction), "eth_estimateGas");
    if (response.hasError()) {
      throw revert(what, response.getError());
    }
    return response.getAmountUsed().longValueExact();
  }

  /** The receipt if the transaction is mined, else empty. */
  public Optional<TxReceipt> receipt(Hash32 txHash) {
    var response =
        checked(
            send(web3j.ethGetTransactionReceipt(txHash.hex()), "eth_getTransactionReceipt"),
            "eth_getTransactionReceipt");
    return response.getTransactionReceipt().map(this::toReceipt);
  }

  /** Polls for the receipt (every 50 ms, up to 30 s). */
  public TxReceipt awaitReceipt(Hash32 txHash) {
    try {
      return toReceipt(receipts.waitForTransactionReceipt(txHash.hex()));
    } catch (IOException e) {
      throw new ChainUnavailableException("no answer while waiting for " + txHash, e);
    } catch (TransactionException e) {
      throw new ChainException("no receipt for " + txHash + ": " + e.getMessage(), e);
    }
  }

  public long blockNumber() {
    return checked(send(web3j.ethBlockNumber(), "eth_blockNumber"), "eth_blockNumber")
        .getBlockNumber()
        .longValueExact();
  }

  // ---- views ----

  public IntervalState interval(long intervalId) {
    List<Type> out =
        view(
            "interval",
            List.of(new Uint64(intervalId)),
            List.of(
                new TypeReference<Bytes32>() {},
                new TypeReference<Bytes32>() {},
                new TypeReference<Uint32>() {},
                new TypeReference<Uint32>() {},
                new TypeReference<Bool>() {}));
    return new IntervalState(
        Hash32.of((byte[]) out.get(0).getValue()),
        Hash32.of((byte[]) out.get(1).getValue()),
        ((BigInteger) out.get(2).getValue()).intValueExact(),
        ((BigInteger) out.get(3).getValue()).intValueExact(),
        (Boolean) out.get(4).getValue());
  }

  public boolean isPartSettled(long intervalId, int part) {
    return (Boolean)
        view(
                "isPartSettled",
                List.of(new Uint64(intervalId), new Uint32(part)),
                List.of(new TypeReference<Bool>() {}))
            .get(0)
            .getValue();
  }

  /** Balance in micro-units; 0 for an unregistered account. */
  public long balanceOf(Account account) {
    return ((BigInteger)
            view("balanceOf", List.of(address(account)), List.of(new TypeReference<Int256>() {}))
                .get(0)
                .getValue())
        .longValueExact();
  }

  /**
   * @throws ChainRevertException {@code UnknownParticipant} for an index not registered
   */
  public Participant participant(int index) {
    List<Type> out =
        view(
            "participant",
            List.of(new Uint32(index)),
            List.of(new TypeReference<Address>() {}, new TypeReference<Int256>() {}));
    return new Participant(
        index,
        Account.fromHex((String) out.get(0).getValue()),
        ((BigInteger) out.get(1).getValue()).longValueExact());
  }

  public OptionalInt indexOf(Account account) {
    List<Type> out =
        view(
            "indexOf",
            List.of(address(account)),
            List.of(new TypeReference<Bool>() {}, new TypeReference<Uint32>() {}));
    return (Boolean) out.get(0).getValue()
        ? OptionalInt.of(((BigInteger) out.get(1).getValue()).intValueExact())
        : OptionalInt.empty();
  }

  public int participantCount() {
    return ((BigInteger)
            view("participantCount", List.of(), List.of(new TypeReference<Uint32>() {}))
                .get(0)
                .getValue())
        .intValueExact();
  }

  public boolean isOperator(Account account) {
    return (Boolean)
        view("isOperator", List.of(address(account)), List.of(new TypeReference<Bool>() {}))
            .get(0)
            .getValue();
  }

  /** {@code verifyTrade} via {@code eth_call}: false while the interval is not fully settled. */
  public boolean verifyTrade(TradeLeaf trade, List<Hash32> proof) {
    return (Boolean)
        view(
                "verifyTrade",
                List.of(
                    new Uint64(trade.intervalId()),
                    new Bytes32(trade.tradeIdHash().bytes()),
                    address(trade.seller()),
                    address(trade.buyer()),
                    new Uint64(trade.wh()),
                    new Uint64(trade.priceMicros()),
                    new DynamicArray<>(
                        Bytes32.class, proof.stream().map(p -> new Bytes32(p.bytes())).toList())),
                List.of(new TypeReference<Bool>() {}))
            .get(0)
            .getValue();
  }

  // ---- logs ----

  /** All settlement events of the contract in blocks {@code fromBlock..toBlock} (inclusive). */
  public List<LoggedEvent> events(long fromBlock, long toBlock) {
    return logs(new EthFilter(block(fromBlock), block(toBlock), contract.hex()));
  }

  /**
   * The {@code IntervalPartSettled} and {@code IntervalSettled} events of one interval from {@code
   * fromBlock} to the latest block: where the ledger client finds the block of a part it finds
   * settled on reconciliation.
   */
  public List<LoggedEvent> intervalEvents(long intervalId, long fromBlock) {
    EthFilter filter =
        new EthFilter(block(fromBlock), DefaultBlockParameterName.LATEST, contract.hex());
    filter.addOptionalTopics(
        SettlementAbi.INTERVAL_PART_SETTLED_TOPIC.hex(),
        SettlementAbi.INTERVAL_SETTLED_TOPIC.hex());
    filter.addSingleTopic(intervalTopic(intervalId));
    return logs(filter);
  }

  /**
   * Where part {@code part} of interval {@code intervalId} was settled: its {@code
   * IntervalPartSettled} log, searched backwards from {@code toBlock} down to {@code fromBlock}
   * (both inclusive) in windows of at most {@code maxBlocksPerQuery} blocks, each an {@code
   * eth_getLogs} filtered on the event and the indexed interval id. A node limits the range of one
   * {@code eth_getLogs} (Besu's {@code --rpc-max-logs-range}, 1,000 by default), so a search from
   * block 0 in one query fails there; searching backwards finds a recent settlement in the first
   * windows. The search stops at the first window holding the part (its latest log there, removed
   * logs skipped) or at {@code fromBlock}.
   *
   * @return the log, or empty if no block in the range holds it
   * @throws IllegalArgumentException if the interval id or part is negative, {@code fromBlock} is
   *     negative or after {@code toBlock}, or {@code maxBlocksPerQuery} is below 1
   */
  public Optional<LoggedEvent> findPartSettled(
      long intervalId, int part, long fromBlock, long toBlock, int maxBlocksPerQuery) {
    if (intervalId < 0) {
      throw new IllegalArgumentException("interval id " + intervalId + " is negative");
    }
    if (part < 0) {
      throw new IllegalArgumentException("part " + part + " is negative");
    }
    if (fromBlock < 0) {
      throw new IllegalArgumentException("fromBlock " + fromBlock + " is negative");
    }
    if (toBlock < fromBlock) {
      throw new IllegalArgumentException(
          "toBlock " + toBlock + " is before fromBlock " + fromBlock + ": an empty range");
    }
    if (maxBlocksPerQuery < 1) {
      throw new IllegalArgumentException(
          "maxBlocksPerQuery must be at least 1 (the node's eth_getLogs range limit), got "
              + maxBlocksPerQuery);
    }
    long to = toBlock;
    while (to >= fromBlock) {
      long from = Math.max(fromBlock, to - maxBlocksPerQuery + 1);
      EthFilter filter = new EthFilter(block(from), block(to), contract.hex());
      filter.addSingleTopic(SettlementAbi.INTERVAL_PART_SETTLED_TOPIC.hex());
      filter.addSingleTopic(intervalTopic(intervalId));
      Optional<LoggedEvent> found =
          logs(filter).stream()
              .filter(logged -> !logged.removed())
              .filter(logged ->
                  logged.event() instanceof IntervalPartSettled settled
                      && settled.intervalId() == intervalId
                      && settled.part() == part)
              .reduce((earlier, later) -> later);
      if (found.isPresent()) {
        return found;
      }
      to = from - 1;
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    if (ownsConnection) {
      web3j.shutdown();
    }
  }

  // ---- internals ----

  private TxReceipt call(Function function, String what) {
    requireSender(what);
    return transact(
        contract, HexFormat.of().parseHex(FunctionEncoder.encode(function).substring(2)), what);
  }

  private TxReceipt transact(Account to, byte[] data, String what) {
    long gasLimit = gasLimit(to, data, what);
    SignedTransaction signed = sign(to, data, pendingNonce(), gasPrice(), gasLimit);
    return awaitReceipt(sendRaw(signed));
  }

  private long gasLimit(Account to, byte[] data, String what) {
    long estimate = estimateGas(to, data, what);
    return estimate + estimate / 4;
  }

  private List<Type> view(String name, List<Type> inputs, List<TypeReference<?>> outputs) {
    @SuppressWarnings({"rawtypes", "unchecked"})
    Function function = new Function(name, (List) inputs, (List) outputs);
    Transaction call =
        Transaction.createEthCallTransaction(
            sender == null ? null : sender.getAddress(),
            contract.hex(),
            FunctionEncoder.encode(function));
    var response = send(web3j.ethCall(call, DefaultBlockParameterName.LATEST), "eth_call " + name);
    if (response.hasError()) {
      throw revert(name, response.getError());
    }
    if (response.isReverted()) {
      throw new ChainRevertException(name, Optional.empty(), response.getRevertReason());
    }
    String value = response.getValue();
    if (value == null || value.equals("0x") || value.isEmpty()) {
      // What eth_call answers for an address without code, and what web3j decodes into no values.
      requireCode();
      throw new ChainException(
          "the contract at "
              + contract.hex()
              + " on "
              + rpcUrl
              + " answered "
              + name
              + " with no data: it is not an EnergySettlement contract");
    }
    List<Type> out = FunctionReturnDecoder.decode(value, function.getOutputParameters());
    if (out.size() != function.getOutputParameters().size()) {
      throw new ChainException(
          "the contract at "
              + contract.hex()
              + " on "
              + rpcUrl
              + " answered "
              + name
              + " with "
              + (value.length() - 2) / 2
              + " bytes, which do not decode to its "
              + function.getOutputParameters().size()
              + " values: it is not an EnergySettlement contract");
    }
    return out;
  }

  /** Throws {@link NoContractException} if the contract's address has no code. */
  private void requireCode() {
    String code =
        checked(
                send(
                    web3j.ethGetCode(contract.hex(), DefaultBlockParameterName.LATEST),
                    "eth_getCode"),
                "eth_getCode")
            .getCode();
    if (code == null || code.equals("0x") || code.isEmpty()) {
      throw new NoContractException(
          contract,
          "no contract at "
              + contract.hex()
              + " on "
              + rpcUrl
              + " (eth_getCode is empty): a wrong address, another chain, or a chain reset since"
              + " the contract was deployed");
    }
  }

  private void requireSender(String what) {
    if (sender == null) {
      throw new IllegalStateException(
          what
              + " needs a sender, and this client of "
              + contract.hex()
              + " is read-only (SettlementChain.reader holds no key and no chain id): use"
              + " SettlementChain.connect with the sender's key to sign or send");
    }
  }

  private List<LoggedEvent> logs(EthFilter filter) {
    EthLog response = checked(send(web3j.ethGetLogs(filter), "eth_getLogs"), "eth_getLogs");
    List<LoggedEvent> events = new ArrayList<>();
    for (EthLog.LogResult<?> result : response.getLogs()) {
      Log log = (Log) result.get();
      events.add(
          new LoggedEvent(
              decode(log),
              log.getBlockNumber().longValueExact(),
              Hash32.fromHex(log.getBlockHash()),
              Hash32.fromHex(log.getTransactionHash()),
              log.getLogIndex().intValueExact(),
              log.isRemoved()));
    }
    return events;
  }

  private static SettlementEvent decode(Log log) {
    try {
      return SettlementEvents.decode(
          log.getTopics().stream().map(Hash32::fromHex).toList(), hexBytes(log.getData()));
    } catch (UndecodableEventException e) {
      throw new ChainException(
          "log " + log.getLogIndex() + " of " + log.getTransactionHash() + ": " + e.getMessage(),
          e);
    }
  }

  private TxReceipt toReceipt(TransactionReceipt receipt) {
    List<SettlementEvent> events = new ArrayList<>();
    for (Log log : receipt.getLogs()) {
      if (contract != null
          && contract.equals(Account.fromHex(log.getAddress()))
          && !log.getTopics().isEmpty()
          && SettlementAbi.isSettlementEvent(Hash32.fromHex(log.getTopics().get(0)))) {
        events.add(decode(log));
      }
    }
    return new TxReceipt(
        Hash32.fromHex(receipt.getTransactionHash()),
        receipt.getBlockNumber().longValueExact(),
        Hash32.fromHex(receipt.getBlockHash()),
        receipt.isStatusOK(),
        receipt.getGasUsed().longValueExact(),
        receipt.getContractAddress() == null ? null : Account.fromHex(receipt.getContractAddress()),
        events);
  }

  private static ChainRevertException revert(String what, Response.Error error) {
    Optional<String> described = Optional.empty();
    String data = error.getData();
    if (data != null) {
      String hex = data.replace("\"", "");
      if (hex.startsWith("0x")) {
        try {
          described = SettlementAbi.describeRevert(hexBytes(hex));
        } catch (IllegalArgumentException notHex) {
          described = Optional.empty();
        }
      }
    }
    return new ChainRevertException(what, described, error.getMessage());
  }

  private static String revertSuffix(Response.Error error) {
    return error.getData() == null ? "" : " (" + error.getData() + ")";
  }

  private static <T extends Response<?>> T send(Request<?, T> request, String what) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new ChainUnavailableException(
          what + ": the node did not answer (" + e.getMessage() + ")", e);
    }
  }

  private static <T extends Response<?>> T checked(T response, String what) {
    if (response.hasError()) {
      throw new ChainException(what + " failed: " + response.getError().getMessage());
    }
    return response;
  }

  private static String intervalTopic(long intervalId) {
    return "0x" + FunctionEncoder.encodeConstructor(List.of(new Uint64(intervalId)));
  }

  private static Address address(Account account) {
    return new Address(account.hex());
  }

  private static DefaultBlockParameter block(long number) {
    return DefaultBlockParameter.valueOf(BigInteger.valueOf(number));
  }

  private static byte[] hexBytes(String hex) {
    String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
    return HexFormat.of().parseHex(digits);
  }
}
