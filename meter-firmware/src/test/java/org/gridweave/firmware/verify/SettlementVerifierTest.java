package org.gridweave.firmware.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.Test;

class SettlementVerifierTest {
  private static final long INTERVAL = 1_782_036_000L;
  private static final Instant START = Instant.ofEpochSecond(INTERVAL);
  private static final SiteId SITE = SiteId.of("s-0001");
  private static final Account ME = Account.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  private static final Account OTHER =
      Account.fromHex("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
  private static final Account THIRD =
      Account.fromHex("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
  private static final Account CONTRACT =
      Account.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");

  private final List<TradeLeaf> trades =
      List.of(
          new TradeLeaf(INTERVAL, "t-1", ME, OTHER, 500, 120_000),
          new TradeLeaf(INTERVAL, "t-2", OTHER, ME, 250, 95_500),
          new TradeLeaf(INTERVAL, "t-3", THIRD, OTHER, 900, 110_000));
  private final Hash32 root = MerkleTree.of(trades.stream().map(TradeLeaf::hash).toList()).root();
  private final SiteProofs honest =
      ProofsFixture.honest(INTERVAL, SITE.value(), ME, Optional.of(CONTRACT), trades);
  private final FakeChain chain = new FakeChain().settled(INTERVAL, root);

  private Verification verify(SiteProofs served) throws VerificationException {
    return new SettlementVerifier((at, site) -> served, chain)
        .verify(START, SITE, Optional.empty());
  }

  @Test
  void verifiesEachOfTheSitesTradesAgainstTheRootOnChain() throws Exception {
    Verification v = verify(honest);

    assertThat(v.ok()).isTrue();
    assertThat(chain.opened).isEqualTo(CONTRACT);
    assertThat(v.trades()).extracting(t -> t.served().tradeId()).containsExactly("t-1", "t-2");
    assertThat(v.lines())
        .contains(
            "trade t-1: sold 500 Wh at 0.120000/kWh to 0x3C44Cd…93BC: leaf ok, proof ok against"
                + " on-chain root "
                + TradeCheck.shortHex(root.hex())
                + ", contract verifyTrade=true",
            "trade t-2: bought 250 Wh at 0.095500/kWh from 0x3C44Cd…93BC: leaf ok, proof ok"
                + " against on-chain root "
                + TradeCheck.shortHex(root.hex())
                + ", contract verifyTrade=true")
        .last()
        .asString()
        .startsWith("verified: all 2 trade(s) of site s-0001");
  }

  @Test
  void aTamperedAmountIsALeafMismatchAndFailsTheProofAndTheContract() throws Exception {
    Verification v =
        verify(ProofsFixture.changing(honest, "t-1", p -> ProofsFixture.withWh(p, 5000)));

    assertThat(v.ok()).isFalse();
    TradeCheck t1 = v.trades().get(0);
    assertThat(t1.leafOk()).isFalse();
    assertThat(t1.proofOk()).isFalse();
    assertThat(t1.contractOk()).isFalse();
    assertThat(t1.describe())
        .startsWith("trade t-1: sold 5000 Wh at 0.120000/kWh")
        .contains("LEAF MISMATCH (the fields hash to ")
        .contains("PROOF FAILS against on-chain root");
    assertThat(v.trades().get(1).ok()).isTrue();
    assertThat(v.lines()).last().isEqualTo("FAILED: 1 of 2 trade(s) did not verify");
  }

  @Test
  void proofsForARootThatIsNotOnChainFail() throws Exception {
    List<TradeLeaf> forged =
        List.of(trades.get(0), trades.get(1), new TradeLeaf(INTERVAL, "t-9", THIRD, ME, 1, 1));
    SiteProofs served =
        ProofsFixture.honest(INTERVAL, SITE.value(), ME, Optional.of(CONTRACT), forged);

    Verification v = verify(served);

    assertThat(v.ok()).isFalse();
    assertThat(v.rootAgrees()).isFalse();
    assertThat(v.trades()).allSatisfy(t -> assertThat(t.leafOk()).isTrue());
    assertThat(v.trades()).noneMatch(TradeCheck::proofOk);
    assertThat(v.lines())
        .anyMatch(l -> l.startsWith("ROOT MISMATCH: the controller serves trades root"))
        .anyMatch(l -> l.contains("is not on chain)"));
  }

  @Test
  void anIntervalNotSettledOnChainVerifiesNothingAndFails() throws Exception {
    chain.partlySettled(INTERVAL, root, 2, 1);

    Verification v = verify(honest);

    assertThat(v.ok()).isFalse();
    assertThat(v.trades()).isEmpty();
    assertThat(v.lines())
        .last()
        .isEqualTo("NOT SETTLED on chain: 1 of 2 parts have landed; nothing can be verified yet");
  }

  @Test
  void aTradeOfAnotherSiteOrIntervalIsReported() throws Exception {
    SiteProofs served =
        ProofsFixture.changing(
            ProofsFixture.honest(INTERVAL, SITE.value(), THIRD, Optional.of(CONTRACT), trades),
            "t-3",
            p -> p);
    SiteProofs mislabeled =
        new SiteProofs(
            served.interval(),
            served.intervalId(),
            SITE.value(),
            ME,
            served.tradesRoot(),
            served.contract(),
            served.proofs());

    Verification v = verify(mislabeled);

    assertThat(v.ok()).isFalse();
    assertThat(v.trades().get(0).involvesSite()).isFalse();
    assertThat(v.trades().get(0).proofOk()).isTrue(); // in the tree, but not ours
    assertThat(v.trades().get(0).describe()).contains("NOT a trade of this site's account");
  }

  @Test
  void aContractGivenOnTheCommandLineWinsAndTheDifferenceIsNoted() throws Exception {
    Account mine = Account.fromHex("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");

    Verification v =
        new SettlementVerifier((at, site) -> honest, chain).verify(START, SITE, Optional.of(mine));

    assertThat(chain.opened).isEqualTo(mine);
    assertThat(v.lines())
        .contains(
            "note: the controller names contract "
                + CONTRACT.hex()
                + "; reading "
                + mine.hex()
                + " as asked");
  }

  @Test
  void refusesAnswersForAnotherIntervalOrSiteAndAMissingContract() {
    SiteProofs noContract =
        ProofsFixture.honest(INTERVAL, SITE.value(), ME, Optional.empty(), trades);
    assertThatThrownBy(() -> verify(noContract))
        .isInstanceOf(VerificationException.class)
        .hasMessage("the controller names no settlement contract; give one with --contract");

    SiteProofs otherInterval =
        ProofsFixture.honest(INTERVAL + 900, SITE.value(), ME, Optional.of(CONTRACT), trades);
    assertThatThrownBy(() -> verify(otherInterval))
        .hasMessageContaining("the controller answered for interval 2026-06-21T10:15:00Z");

    SiteProofs otherSite =
        ProofsFixture.honest(INTERVAL, "s-0002", ME, Optional.of(CONTRACT), trades);
    assertThatThrownBy(() -> verify(otherSite))
        .hasMessage("the controller answered for site s-0002, not s-0001");
  }
}
