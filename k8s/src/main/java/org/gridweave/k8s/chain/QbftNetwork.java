package org.gridweave.k8s.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.ContractUtils;

/**
 * GridWeave's QBFT settlement chain as the Kubernetes manifests run it: the validators' keys (pod
 * {@code besu-validator-i} holds key i), the operator account that signs settlements and deploys
 * the contract, and what follows from them: the genesis file, {@code static-nodes.json} and the
 * address the contract will have.
 *
 * <p>The contract address is fixed in advance: a contract created by the operator's first
 * transaction (nonce 0) lives at {@code keccak(rlp([operator, 0]))[12:]}. Besu's plugin needs it at
 * start, before anything is deployed.
 */
public record QbftNetwork(
    Parameters parameters, List<NodeKey> validators, NodeKey operator, String serviceDomain) {

  /** Chain settings of the genesis file. */
  public record Parameters(
      long chainId, int blockPeriodSeconds, int requestTimeoutSeconds, long epochLength) {
    public Parameters {
      if (chainId < 1) {
        throw new IllegalArgumentException("chainId must be >= 1, was " + chainId);
      }
      if (blockPeriodSeconds < 1 || blockPeriodSeconds > 60) {
        throw new IllegalArgumentException(
            "blockperiodseconds must be 1..60, was " + blockPeriodSeconds);
      }
      if (requestTimeoutSeconds <= blockPeriodSeconds) {
        throw new IllegalArgumentException(
            "requesttimeoutseconds ("
                + requestTimeoutSeconds
                + ") must exceed blockperiodseconds ("
                + blockPeriodSeconds
                + ")");
      }
      if (epochLength < 1) {
        throw new IllegalArgumentException("epochlength must be >= 1, was " + epochLength);
      }
    }

    public static Parameters defaults() {
      return new Parameters(1981, 2, 10, 30000);
    }
  }

  /** Pods of the StatefulSet and their headless Service (k8s/base/besu). */
  public static final String STATEFUL_SET = "besu-validator";

  public static final int P2P_PORT = 30303;

  /** 1e27 wei: the operator never runs out of gas on a private chain. */
  static final BigInteger OPERATOR_BALANCE_WEI = BigInteger.TEN.pow(27);

  /** Besu's QBFT mixHash ("ctical byzantine fault tolerance"). */
  static final String QBFT_MIX_HASH =
      "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";

  public QbftNetwork {
    if (parameters == null || operator == null) {
      throw new IllegalArgumentException("parameters and the operator key are required");
    }
    if (validators == null || validators.size() < 4) {
      throw new IllegalArgumentException(
          "QBFT needs at least 4 validators to survive one failure, got "
              + (validators == null ? 0 : validators.size()));
    }
    validators = List.copyOf(validators);
    if (validators.stream().map(NodeKey::address).distinct().count() != validators.size()) {
      throw new IllegalArgumentException("two validators share a key");
    }
    if (validators.stream().anyMatch(v -> v.address().equals(operator.address()))) {
      throw new IllegalArgumentException("the operator key must not be a validator's key");
    }
    if (serviceDomain == null || !serviceDomain.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "the service domain is a DNS name like 'gridweave.svc.cluster.local', was '"
              + serviceDomain
              + "'");
    }
  }

  /** The domain of namespace {@code ns} in a cluster with the default DNS suffix. */
  public static String domainOf(String namespace) {
    return namespace + ".svc.cluster.local";
  }

  public List<EthAddress> validatorAddresses() {
    return validators.stream().map(NodeKey::address).toList();
  }

  public QbftExtraData extraData() {
    return QbftExtraData.genesis(validatorAddresses());
  }

  /** Where the operator's first deployment will put the EnergySettlement contract. */
  public EthAddress contractAddress() {
    return EthAddress.of(
        ContractUtils.generateContractAddress(operator.address().prefixed(), BigInteger.ZERO));
  }

  public ObjectNode genesis(ObjectMapper json) {
    ObjectNode genesis = json.createObjectNode();
    ObjectNode config = genesis.putObject("config");
    config.put("chainId", parameters.chainId());
    for (String fork :
        List.of(
            "homesteadBlock",
            "eip150Block",
            "eip155Block",
            "eip158Block",
            "byzantiumBlock",
            "constantinopleBlock",
            "petersburgBlock",
            "istanbulBlock",
            "berlinBlock",
            "londonBlock")) {
      config.put(fork, 0);
    }
    // The settlement contract is compiled for the Cancun EVM (settlement/contracts/build.mjs).
    config.put("shanghaiTime", 0);
    config.put("cancunTime", 0);
    ObjectNode qbft = config.putObject("qbft");
    qbft.put("blockperiodseconds", parameters.blockPeriodSeconds());
    qbft.put("epochlength", parameters.epochLength());
    qbft.put("requesttimeoutseconds", parameters.requestTimeoutSeconds());
    genesis.put("nonce", "0x0");
    genesis.put("timestamp", "0x0");
    genesis.put("gasLimit", "0x1fffffffffffff");
    genesis.put("difficulty", "0x1");
    genesis.put("mixHash", QBFT_MIX_HASH);
    genesis.put("coinbase", "0x" + "0".repeat(40));
    genesis
        .putObject("alloc")
        .putObject(operator.address().hex())
        .put("balance", "0x" + OPERATOR_BALANCE_WEI.toString(16));
    genesis.put("extraData", extraData().toHex());
    return genesis;
  }

  /** Every validator's enode URL with its pod's stable DNS name (Besu resolves it: Xdns). */
  public ArrayNode staticNodes(ObjectMapper json) {
    ArrayNode nodes = json.createArrayNode();
    for (int i = 0; i < validators.size(); i++) {
      nodes.add(enodeUrl(i));
    }
    return nodes;
  }

  public String enodeUrl(int index) {
    return "enode://"
        + validators.get(index).enodeId()
        + "@"
        + STATEFUL_SET
        + "-"
        + index
        + "."
        + STATEFUL_SET
        + "."
        + serviceDomain
        + ":"
        + P2P_PORT;
  }

  /** The pod that holds validator key {@code index}: also the key's file name in the Secret. */
  public static String podName(int index) {
    return STATEFUL_SET + "-" + index;
  }
}
