package org.gridweave.devstack.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.chain.ChainException;
import org.gridweave.settlement.chain.ChainUnavailableException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * {@link LogSource} over JSON-RPC (web3j): {@code eth_blockNumber} and {@code eth_getLogs} with an
 * address filter, raw topics and data. Works against any Ethereum node (Anvil here, Besu too).
 */
public final class JsonRpcLogSource implements LogSource {

  private final String rpcUrl;
  private final Web3j web3j;

  public JsonRpcLogSource(String rpcUrl) {
    if (rpcUrl == null || !(rpcUrl.startsWith("http://") || rpcUrl.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "the chain's JSON-RPC URL must be http:// or https://, got " + rpcUrl);
    }
    this.rpcUrl = rpcUrl;
    this.web3j = Web3j.build(new HttpService(rpcUrl));
  }

  @Override
  public long headBlock() {
    return checked(send(web3j.ethBlockNumber(), "eth_blockNumber"), "eth_blockNumber")
        .getBlockNumber()
        .longValueExact();
  }

  @Override
  public List<ChainLog> logs(Account contract, long fromBlock, long toBlock) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)),
            contract.hex());
    String what = "eth_getLogs " + fromBlock + ".." + toBlock;
    EthLog answer = checked(send(web3j.ethGetLogs(filter), what), what);
    List<ChainLog> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : answer.getLogs()) {
      if (!(result.get() instanceof Log log)) {
        throw new ChainException(what + ": the node answered a hash instead of a log: " + result);
      }
      logs.add(toChainLog(log, what));
    }
    return logs;
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  @Override
  public String toString() {
    return "JsonRpcLogSource[" + rpcUrl + "]";
  }

  private static ChainLog toChainLog(Log log, String what) {
    if (log.getBlockNumberRaw() == null
        || log.getBlockHash() == null
        || log.getTransactionHash() == null
        || log.getLogIndexRaw() == null) {
      throw new ChainException(what + ": a log without its block, transaction or index: " + log);
    }
    try {
      return new ChainLog(
          Account.fromHex(log.getAddress()),
          log.getTopics().stream().map(Hash32::fromHex).toList(),
          hex(log.getData()),
          new LogPosition(
              log.getBlockNumber().longValueExact(),
              Hash32.fromHex(log.getBlockHash()),
              Hash32.fromHex(log.getTransactionHash()),
              log.getLogIndex().intValueExact()),
          log.isRemoved());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ChainException(what + ": a log that does not read: " + e.getMessage(), e);
    }
  }

  private static byte[] hex(String data) {
    if (data == null || data.equals("0x")) {
      return new byte[0];
    }
    if (!data.startsWith("0x")) {
      throw new IllegalArgumentException("log data is not 0x-hex: " + data);
    }
    return HexFormat.of().parseHex(data.substring(2));
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
}
