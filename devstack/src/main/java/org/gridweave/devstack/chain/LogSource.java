package org.gridweave.devstack.chain;

import java.util.List;
import org.gridweave.settlement.Account;

/**
 * Where the {@link DevChainBridge} reads the chain: the port between the bridge and a JSON-RPC
 * node, so the bridge is tested with a fake.
 *
 * <p>Either method may throw any {@link RuntimeException} when the node does not answer or answers
 * nonsense (a {@link org.gridweave.settlement.chain.ChainUnavailableException} for the former); the
 * bridge logs it and asks again on its next poll.
 */
public interface LogSource extends AutoCloseable {

  /** The number of the chain's latest block. */
  long headBlock();

  /**
   * The logs of {@code contract} in blocks {@code fromBlock..toBlock} (inclusive, both at most
   * {@link #headBlock()}), in chain order.
   */
  List<ChainLog> logs(Account contract, long fromBlock, long toBlock);

  /** Releases the connection; nothing by default. */
  @Override
  default void close() {}
}
