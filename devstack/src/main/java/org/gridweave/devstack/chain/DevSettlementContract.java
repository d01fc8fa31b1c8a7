package org.gridweave.devstack.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.chain.ChainException;
import org.gridweave.settlement.chain.ChainUnavailableException;
import org.gridweave.settlement.chain.SettlementChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/**
 * The demo's {@code EnergySettlement} contract on its dev chain: the one whose address is
 * remembered in a file, if the chain still has it (the chain's state outlives the demo), else a new
 * one, deployed by dev account 0 (owner, operator, clearing account), whose address is then
 * remembered.
 */
public final class DevSettlementContract {

  private static final Logger LOG = LoggerFactory.getLogger(DevSettlementContract.class);

  /** The demo's delivery intervals: 15 minutes. */
  public static final long INTERVAL_SECONDS = 900;

  /** The operator's key: dev account 0. */
  public static final String OPERATOR_KEY = Anvil.DEV_PRIVATE_KEYS.get(0);

  /** Which contract, and whether it was deployed just now. */
  public record Resolved(Account address, boolean deployed) {}

  private DevSettlementContract() {}

  /**
   * The remembered contract if it is still there, else a new one (and {@code remembered} is
   * rewritten with its address).
   *
   * @throws ChainException if the chain does not answer or the deployment fails
   * @throws UncheckedIOException if the file cannot be written
   */
  public static Resolved deployOrReuse(String rpcUrl, long chainId, Path remembered) {
    return deployOrReuse(rpcUrl, chainId, remembered, List.of());
  }

  /**
   * Like {@link #deployOrReuse(String, long, Path)}, but when the file names no contract still on
   * the chain, {@code otherCandidates} are tried in order before deploying (the demo passes the one
   * the controller remembers in its database, so that a state folder from before the file existed
   * keeps its contract). A reused candidate is written to {@code remembered}.
   */
  public static Resolved deployOrReuse(
      String rpcUrl, long chainId, Path remembered, List<Account> otherCandidates) {
    Optional<Account> known = read(remembered);
    if (known.isPresent()) {
      if (isOurs(rpcUrl, chainId, known.get())) {
        return new Resolved(known.get(), false);
      }
      LOG.info(
          "the contract remembered in {} ({}) is not on this chain any more",
          remembered,
          known.get().hex());
    }
    for (Account candidate : otherCandidates) {
      if (isOurs(rpcUrl, chainId, candidate)) {
        remember(remembered, candidate);
        return new Resolved(candidate, false);
      }
    }
    Account deployed;
    try (SettlementChain chain =
        SettlementChain.deploy(rpcUrl, chainId, OPERATOR_KEY, INTERVAL_SECONDS)) {
      deployed = chain.contract();
    }
    remember(remembered, deployed);
    return new Resolved(deployed, true);
  }

  private static void remember(Path file, Account contract) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, contract.hex() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remember the contract in " + file, e);
    }
  }

  /** The address in {@code file}; empty if there is none or it does not read (logged). */
  static Optional<Account> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Account.fromHex(Files.readString(file).strip()));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("ignored {}: not a contract address ({})", file, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Whether {@code address} holds an {@code EnergySettlement} with dev account 0 as operator: it
   * has code ({@code eth_getCode}; a new chain has none there) and its {@code isOperator} view
   * answers true.
   */
  private static boolean isOurs(String rpcUrl, long chainId, Account address) {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try {
      String code =
          web3j.ethGetCode(address.hex(), DefaultBlockParameterName.LATEST).send().getCode();
      if (code == null || code.equals("0x")) {
        return false;
      }
    } catch (IOException e) {
      throw new ChainUnavailableException(
          "eth_getCode: the node did not answer (" + e.getMessage() + ")", e);
    } finally {
      web3j.shutdown();
    }
    try (SettlementChain chain = SettlementChain.connect(rpcUrl, chainId, OPERATOR_KEY, address)) {
      return chain.isOperator(chain.sender());
    } catch (ChainUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.info("{} does not answer as an EnergySettlement: {}", address.hex(), e.getMessage());
      return false;
    }
  }
}
