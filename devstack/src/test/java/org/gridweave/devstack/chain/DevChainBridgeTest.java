package org.gridweave.devstack.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gridweave.besuplugin.core.bridge.Publisher;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.SettlementAbi;
import org.gridweave.settlement.chain.ChainUnavailableException;
import org.junit.jupiter.api.Test;

/** The polling around the plugin's core, on a fake chain and a fake publisher. */
class DevChainBridgeTest {

  private static final Account CONTRACT =
      Account.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  private static final Account OTHER =
      Account.fromHex("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
  private static final Hash32 TRADES = Hash32.keccakUtf8("trades");
  private static final Hash32 READINGS = Hash32.keccakUtf8("readings");
  private static final long INTERVAL = 1_795_683_600L;

  private final FakeChain chain = new FakeChain();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final DevChainBridge bridge = new DevChainBridge(chain, CONTRACT, publisher);

  @Test
  void publishesAnIntervalSettledOnTheChainRetainedAndReadsEachBlockOnce() {
    chain.mine(settled(CONTRACT, INTERVAL));
    chain.mine();

    assertThat(bridge.poll()).isEqualTo(1);

    assertThat(publisher.published).containsOnlyKeys("gridweave/v1/settlement/" + INTERVAL);
    assertThat(publisher.payload("gridweave/v1/settlement/" + INTERVAL))
        .contains(TRADES.hex(), READINGS.hex(), "\"parts\":1");
    assertThat(bridge.intake().index().isSettled(INTERVAL)).isTrue();
    assertThat(bridge.readThrough()).isEqualTo(1);
    assertThat(chain.queries).containsExactly("0..1");

    chain.mine(settled(CONTRACT, INTERVAL + 900));
    assertThat(bridge.poll()).isEqualTo(1);
    assertThat(bridge.poll()).isZero();
    assertThat(chain.queries).containsExactly("0..1", "2..2");
    assertThat(bridge.published()).isEqualTo(2);
  }

  @Test
  void keepsItsPlaceWhileTheChainDoesNotAnswerAndCatchesUpWhenItIsBack() {
    chain.mine();
    bridge.poll();
    chain.answering = false;
    chain.mine(settled(CONTRACT, INTERVAL));

    assertThat(bridge.poll()).isZero();
    assertThat(bridge.poll()).isZero();
    assertThat(bridge.chainAnswering()).isFalse();
    assertThat(bridge.readThrough()).isZero();
    assertThat(publisher.published).isEmpty();

    chain.answering = true;
    assertThat(bridge.poll()).isEqualTo(1);
    assertThat(bridge.chainAnswering()).isTrue();
    assertThat(publisher.published).containsOnlyKeys("gridweave/v1/settlement/" + INTERVAL);
  }

  @Test
  void ignoresALogOfAnotherContract() {
    chain.mine(settled(OTHER, INTERVAL));

    assertThat(bridge.poll()).isZero();

    assertThat(bridge.foreignLogs()).isEqualTo(1);
    assertThat(publisher.published).isEmpty();
    assertThat(bridge.intake().index().interval(INTERVAL)).isEmpty();
  }

  @Test
  void aLogThatIsNoSettlementEventIsCountedByTheCoreAndSkipped() {
    chain.mine(
        new ChainLog(
            CONTRACT,
            List.of(Hash32.keccakUtf8("Transfer(address,address,uint256)")),
            new byte[0],
            position(0, 0),
            false));
    chain.mine(settled(CONTRACT, INTERVAL));

    assertThat(bridge.poll()).isEqualTo(1);

    assertThat(bridge.intake().undecodable()).isEqualTo(1);
    assertThat(publisher.published).containsOnlyKeys("gridweave/v1/settlement/" + INTERVAL);
  }

  @Test
  void readsALongChainInRangesOfAtMostTheQueryLimit() {
    chain.head = 2L * DevChainBridge.MAX_BLOCKS_PER_QUERY + 10;
    chain.mine(settled(CONTRACT, INTERVAL));

    assertThat(bridge.poll()).isEqualTo(1);

    assertThat(chain.queries).containsExactly("0..4999", "5000..9999", "10000..10011");
  }

  @Test
  void readsTheChainAgainFromGenesisWhenItLostBlocks() {
    for (int i = 0; i < 5; i++) {
      chain.mine();
    }
    bridge.poll();
    assertThat(bridge.readThrough()).isEqualTo(4);

    chain.head = 1; // blocks 2..4 lost
    chain.mine(settled(CONTRACT, INTERVAL));

    assertThat(bridge.poll()).isEqualTo(1);
    assertThat(chain.queries).endsWith("0..2");
  }

  @Test
  void closingClosesThePublisherAndTheSourceAndStopsPolling() {
    bridge.close();

    assertThat(publisher.closed).isTrue();
    assertThat(chain.closed).isTrue();
    chain.mine(settled(CONTRACT, INTERVAL));
    assertThat(bridge.poll()).isZero();
  }

  // ---- fakes and fixtures ----

  /**
   * {@code IntervalSettled(uint64 indexed intervalId, bytes32, bytes32, uint32 parts)}, 1 part; its
   * position is set by {@link FakeChain#mine}.
   */
  static ChainLog settled(Account contract, long intervalId) {
    byte[] data =
        ByteBuffer.allocate(96).put(TRADES.bytes()).put(READINGS.bytes()).putInt(92, 1).array();
    return new ChainLog(
        contract,
        List.of(SettlementAbi.INTERVAL_SETTLED_TOPIC, word(intervalId)),
        data,
        position(0, 0),
        false);
  }

  private static Hash32 word(long value) {
    return Hash32.of(ByteBuffer.allocate(32).putLong(24, value).array());
  }

  private static LogPosition position(long block, int index) {
    return new LogPosition(
        block, Hash32.keccakUtf8("block " + block), Hash32.keccakUtf8("tx " + block), index);
  }

  /** A chain whose logs are placed in blocks by hand; {@link #mine} adds one block. */
  static final class FakeChain implements LogSource {
    long head = -1;
    boolean answering = true;
    boolean closed;
    final TreeMap<Long, List<ChainLog>> logs = new TreeMap<>();
    final List<String> queries = new ArrayList<>();

    /** A new block at the head holding {@code inBlock}, placed there in order. */
    void mine(ChainLog... inBlock) {
      head++;
      for (int i = 0; i < inBlock.length; i++) {
        ChainLog log = inBlock[i];
        logs.computeIfAbsent(head, b -> new ArrayList<>())
            .add(
                new ChainLog(
                    log.address(), log.topics(), log.data(), position(head, i), log.removed()));
      }
    }

    @Override
    public long headBlock() {
      if (!answering) {
        throw new ChainUnavailableException("eth_blockNumber: connection refused", null);
      }
      return head;
    }

    @Override
    public List<ChainLog> logs(Account contract, long fromBlock, long toBlock) {
      if (!answering) {
        throw new ChainUnavailableException("eth_getLogs: connection refused", null);
      }
      queries.add(fromBlock + ".." + toBlock);
      // Like a node that ignores the address filter, so the bridge's own check is exercised.
      return logs.subMap(fromBlock, true, toBlock, true).values().stream()
          .flatMap(List::stream)
          .toList();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static final class RecordingPublisher implements Publisher {
    final Map<String, byte[]> published = new LinkedHashMap<>();
    boolean closed;

    String payload(String topic) {
      return new String(published.get(topic), StandardCharsets.UTF_8);
    }

    @Override
    public void publishRetained(String topic, byte[] payload) {
      published.put(topic, payload.clone());
    }

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public int pending() {
      return 0;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
