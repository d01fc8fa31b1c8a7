package org.gridweave.besuplugin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.hyperledger.besu.datatypes.Address;
import org.hyperledger.besu.datatypes.Hash;
import org.hyperledger.besu.datatypes.LogTopic;
import org.hyperledger.besu.datatypes.Transaction;
import org.hyperledger.besu.plugin.ServiceManager;
import org.hyperledger.besu.plugin.data.LogWithMetadata;
import org.hyperledger.besu.plugin.services.BesuEvents;
import org.hyperledger.besu.plugin.services.PicoCLIOptions;
import org.hyperledger.besu.plugin.services.RpcEndpointService;
import org.hyperledger.besu.plugin.services.TransactionPoolValidatorService;
import org.hyperledger.besu.plugin.services.rpc.PluginRpcRequest;
import org.hyperledger.besu.plugin.services.txvalidator.PluginTransactionPoolValidatorFactory;

/**
 * A Besu node as far as the plugin sees it: the API's own {@link
 * ServiceManager.SimpleServiceManager} holding fakes of the services the plugin uses, and makers of
 * transactions and logs.
 */
final class FakeBesu {

  final Options options = new Options();
  final Rpc rpc = new Rpc();
  final Validators validators = new Validators();
  final Events events = new Events();
  final ServiceManager services = new ServiceManager.SimpleServiceManager();

  FakeBesu() {
    services.addService(PicoCLIOptions.class, Partial.of(PicoCLIOptions.class, options));
    services.addService(RpcEndpointService.class, Partial.of(RpcEndpointService.class, rpc));
    services.addService(
        TransactionPoolValidatorService.class,
        Partial.of(TransactionPoolValidatorService.class, validators));
    services.addService(BesuEvents.class, Partial.of(BesuEvents.class, events));
  }

  static final class Options {
    final Map<String, Object> byNamespace = new HashMap<>();

    void addPicoCLIOptions(String namespace, Object optionObject) {
      byNamespace.put(namespace, optionObject);
    }
  }

  static final class Rpc {
    final Map<String, Function<PluginRpcRequest, ?>> endpoints = new HashMap<>();

    <T> void registerRPCEndpoint(
        String namespace, String functionName, Function<PluginRpcRequest, T> function) {
      endpoints.put(namespace + "_" + functionName, function);
    }

    /** Calls a method as Besu's JSON-RPC server would. */
    Object call(String method, Object... params) {
      Function<PluginRpcRequest, ?> endpoint = endpoints.get(method);
      if (endpoint == null) {
        throw new IllegalArgumentException("no method " + method);
      }
      return endpoint.apply(Partial.of(PluginRpcRequest.class, new Request(params)));
    }
  }

  record Request(Object[] params) {
    Object[] getParams() {
      return params;
    }
  }

  static final class Validators {
    final List<PluginTransactionPoolValidatorFactory> factories = new ArrayList<>();

    void registerPluginTransactionValidatorFactory(PluginTransactionPoolValidatorFactory factory) {
      factories.add(factory);
    }

    /** What a pool validator made by each registered factory says, the first rejection winning. */
    Optional<String> validate(Transaction transaction) {
      for (PluginTransactionPoolValidatorFactory factory : factories) {
        Optional<String> reason =
            factory.createTransactionValidator().validateTransaction(transaction, false, false);
        if (reason.isPresent()) {
          return reason;
        }
      }
      return Optional.empty();
    }
  }

  static final class Events {
    record Listener(
        long id, List<Address> addresses, List<List<Bytes32>> topics, BesuEvents.LogListener l) {}

    final Map<Long, Listener> listeners = new HashMap<>();
    private long nextId = 1;

    long addLogListener(
        List<Address> addresses, List<List<Bytes32>> topics, BesuEvents.LogListener listener) {
      long id = nextId++;
      listeners.put(id, new Listener(id, addresses, topics, listener));
      return id;
    }

    void removeLogListener(long id) {
      listeners.remove(id);
    }

    /** Tells every listener whose address filter matches, as Besu does for a new or removed log. */
    void emit(LogWithMetadata log) {
      for (Listener listener : List.copyOf(listeners.values())) {
        if (listener.addresses().isEmpty() || listener.addresses().contains(log.getLogger())) {
          listener.l().onLogEmitted(log);
        }
      }
    }
  }

  /** A transaction with what the plugin reads of it. */
  static Transaction transaction(
      Optional<Account> to, Account sender, byte[] payload, Hash32 hash) {
    return Partial.of(Transaction.class, new TransactionValues(to, sender, payload, hash));
  }

  record TransactionValues(Optional<Account> to, Account sender, byte[] payload, Hash32 hash) {
    Optional<? extends Address> getTo() {
      return to.map(BesuTypes::address);
    }

    Address getSender() {
      return BesuTypes.address(sender);
    }

    Bytes getPayload() {
      return Bytes.wrap(payload);
    }

    Hash getHash() {
      return Hash.wrap(BesuTypes.bytes32(hash));
    }
  }

  /** A log as Besu hands it to a listener. */
  static LogWithMetadata log(
      Account logger,
      List<Hash32> topics,
      byte[] data,
      long blockNumber,
      Hash32 blockHash,
      Hash32 transactionHash,
      int logIndex,
      boolean removed) {
    return Partial.of(
        LogWithMetadata.class,
        new LogValues(
            logger, topics, data, blockNumber, blockHash, transactionHash, logIndex, removed));
  }

  record LogValues(
      Account logger,
      List<Hash32> topics,
      byte[] data,
      long blockNumber,
      Hash32 blockHash,
      Hash32 transactionHash,
      int logIndex,
      boolean removed) {
    Address getLogger() {
      return BesuTypes.address(logger);
    }

    List<LogTopic> getTopics() {
      return topics.stream().map(t -> LogTopic.create(BesuTypes.bytes32(t))).toList();
    }

    Bytes getData() {
      return Bytes.wrap(data);
    }

    int getLogIndex() {
      return logIndex;
    }

    long getBlockNumber() {
      return blockNumber;
    }

    Hash getBlockHash() {
      return Hash.wrap(BesuTypes.bytes32(blockHash));
    }

    Hash getTransactionHash() {
      return Hash.wrap(BesuTypes.bytes32(transactionHash));
    }

    boolean isRemoved() {
      return removed;
    }
  }
}
