package org.gridweave.firmware.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.Test;

class SettlementVerifierTest {
  private static final long INTERVAL = 1_782_036_000L;
  private static final Instant START = Instant.ofEpochSecond(INTERVAL);
  private static final SiteId SITE = SiteId.of("s-0001");
  private static final Account OPERATOR =
      Account.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  private static final Account ME = Account.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  private static final Account OTHER =
      Account.fromHex("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
  private static final Account THIRD =
      Account.fromHex("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
  private static final Account IDLE = Account.fromHex("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
  private static final Account CONTRACT =
      Account.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");
  private static final long BLOCK = 7;

  private final List<TradeLeaf> trades =
      List.of(
          new TradeLeaf(INTERVAL, "t-1", ME, OTHER, 500, 120_000),
          new TradeLeaf(INTERVAL, "t-2", OTHER, ME, 250, 95_500),
          new TradeLeaf(INTERVAL, "t-3", THIRD, OTHER, 900, 110_000));
  private final Hash32 root = MerkleTree.of(trades.stream().map(TradeLeaf::hash).toList()).root();
  private final SiteProofs honest =
      ProofsFixture.honest(INTERVAL, SITE.value(), ME, Optional.of(CONTRACT), trades);

  /** The interval's one part: ME +0.036125, OTHER +0.0629, THIRD -0.099, clearing -0.000025. */
  private static final IntervalPartSettled PART =
      new IntervalPartSettled(
          INTERVAL,
          0,
          1,
          List.of(
              new Delta(1, 36_125),
              new Delta(2, 62_900),
              new Delta(3, -99_000),
              new Delta(0, -25)));

  private final FakeChain chain =
      new FakeChain(OPERATOR)
          .register(ME, OTHER, THIRD, IDLE)
          .settled(INTERVAL, root)
          .logged(BLOCK, PART);
  private ServedSettlement record = FakeController.settledIn(INTERVAL, BLOCK);

  private static final Optional<Anchor> MY_CONTRACT =
      Optional.of(Anchor.given(CONTRACT, "settlement.contract in meter.yaml"));
  private static final Optional<Anchor> MY_ACCOUNT =
      Optional.of(Anchor.given(ME, "settlement.account in meter.yaml"));

  private Verification verify(SiteProofs served) throws VerificationException {
    return verify(served, MY_CONTRACT, MY_ACCOUNT);
  }

  private Verification verify(
      SiteProofs served, Optional<Anchor> contract, Optional<Anchor> account)
      throws VerificationException {
    return new SettlementVerifier(new FakeController(served, record), chain)
        .verify(START, SITE, contract, account);
  }

  private SiteProofs withoutTrades(SiteProofs s, Account account) {
    return new SiteProofs(
        s.interval(), s.intervalId(), s.site(), account, s.tradesRoot(), s.contract(), List.of());
  }

  @Test
  void verifiesEachOfTheSitesTradesAgainstTheRootOnChainAndReadsItsNetFromTheChain()
      throws Exception {
    Verification v = verify(honest);

    assertThat(v.ok()).isTrue();
    assertThat(v.independent()).isTrue();
    assertThat(chain.opened).isEqualTo(CONTRACT);
    assertThat(chain.blocksRead).containsExactly(BLOCK);
    assertThat(v.trades()).extracting(t -> t.served().tradeId()).containsExactly("t-1", "t-2");
    assertThat(v.lines())
        .startsWith(
            "interval 2026-06-21T10:00:00Z (id 1782036000), site s-0001, account "
                + ME.hex()
                + " (from settlement.account in meter.yaml), contract "
                + CONTRACT.hex()
                + " (from settlement.contract in meter.yaml)")
        .noneMatch(l -> l.startsWith("WARNING"))
        .contains(
            "trade t-1: sold 500 Wh at 0.120000/kWh to 0x3C44Cd…93BC: leaf ok, proof ok against"
                + " on-chain root "
                + TradeCheck.shortHex(root.hex())
                + ", contract verifyTrade=true",
            "trade t-2: bought 250 Wh at 0.095500/kWh from 0x3C44Cd…93BC: leaf ok, proof ok"
                + " against on-chain root "
                + TradeCheck.shortHex(root.hex())
                + ", contract verifyTrade=true",
            "on-chain net of site s-0001 (participant 1) in this interval: +0.036125 (36125"
                + " micro-units, the sum of its deltas in the IntervalPartSettled event of all 1"
                + " part(s), read from the chain in block 7)",
            "the 2 verified trade(s): sold 500 Wh, bought 250 Wh, beside the on-chain net +0.036125"
                + " (not compared: fees, penalties and shortfall charges make the money differ"
                + " from the trades' value)")
        .last()
        .isEqualTo(
            "verified: all 2 trade(s) of site s-0001 are committed on chain (leaf, Merkle proof and"
                + " contract agree); its on-chain net is +0.036125");
  }

  @Test
  void aControllerThatShowsNoTradesWhileTheChainMovedMoneyForTheSiteFails() throws Exception {
    Verification v = verify(withoutTrades(honest, ME));

    assertThat(v.ok()).isFalse();
    assertThat(v.omission()).isTrue();
    assertThat(v.lines())
        .contains(
            "OMISSION: the chain moved money for this site in this interval but the controller"
                + " showed no trades")
        .last()
        .isEqualTo(
            "FAILED: the chain moved money for this site in this interval but the controller"
                + " showed no trades");
  }

  @Test
  void noTradesAndNoMoneyOnChainVerify() throws Exception {
    Verification v =
        verify(
            withoutTrades(honest, IDLE), MY_CONTRACT, Optional.of(Anchor.given(IDLE, "--account")));

    assertThat(v.ok()).isTrue();
    assertThat(v.lines())
        .contains(
            "on-chain net of site s-0001 (participant 4) in this interval: 0.000000 (0 micro-units,"
                + " the sum of its deltas in the IntervalPartSettled event of all 1 part(s), read"
                + " from the chain in block 7)")
        .last()
        .isEqualTo(
            "verified: site s-0001 has no trades in this interval and the chain moved no money for"
                + " it");
  }

  @Test
  void theNetSumsTheSitesDeltasOverEveryPartInEveryBlockNamed() throws Exception {
    FakeChain split =
        new FakeChain(OPERATOR)
            .register(ME, OTHER)
            .settled(INTERVAL, root, 2)
            .logged(
                7,
                new IntervalPartSettled(
                    INTERVAL, 0, 2, List.of(new Delta(1, 100_000), new Delta(0, -100_000))))
            .logged(
                9,
                new IntervalPartSettled(
                    INTERVAL + 900, 0, 1, List.of(new Delta(1, 7), new Delta(0, -7))))
            .logged(
                9,
                new IntervalPartSettled(
                    INTERVAL,
                    1,
                    2,
                    List.of(new Delta(1, -50_000), new Delta(2, 20_000), new Delta(0, 30_000))));
    record = new ServedSettlement(START, INTERVAL, Optional.of("settled"), List.of(7L, 9L, 12L));

    Verification v =
        new SettlementVerifier(new FakeController(honest, record), split)
            .verify(START, SITE, MY_CONTRACT, MY_ACCOUNT);

    assertThat(v.netRead()).get().extracting(SiteNet.Read::netMicros).isEqualTo(50_000L);
    assertThat(v.netRead().orElseThrow().blocks()).containsExactly(7L, 9L);
    assertThat(v.ok()).isTrue();
  }

  @Test
  void aBlockWithoutTheIntervalsEventFailsClosed() throws Exception {
    record = FakeController.settledIn(INTERVAL, 8L);

    Verification v = verify(withoutTrades(honest, ME));

    assertThat(v.ok()).isFalse();
    assertThat(v.netRead()).isEmpty();
    assertThat(v.lines())
        .contains(
            "MONEY NOT VERIFIED: the chain has no IntervalPartSettled event of interval 1782036000"
                + " in block 8, where the controller says it settled, so the site's on-chain net"
                + " cannot be read")
        .last()
        .isEqualTo("FAILED: the site's on-chain net could not be read from the chain");
  }

  @Test
  void aPartMissingFromTheBlocksNamedFailsClosed() throws Exception {
    chain.settled(INTERVAL, root, 2);

    Verification v = verify(honest);

    assertThat(v.ok()).isFalse();
    assertThat(v.lines())
        .contains(
            "MONEY NOT VERIFIED: the chain's IntervalPartSettled events of interval 1782036000 in"
                + " block 7 hold parts 0 of its 2 (missing: 1), so the site's on-chain net would"
                + " be incomplete");
  }

  @Test
  void aControllerNamingNoBlockFailsClosed() throws Exception {
    record = new ServedSettlement(START, INTERVAL, Optional.of("pending"), List.of());

    Verification v = verify(honest);

    assertThat(v.ok()).isFalse();
    assertThat(v.lines())
        .contains(
            "MONEY NOT VERIFIED: the controller names no block where the interval's parts landed"
                + " (its status: 'pending'), so the site's on-chain net cannot be read");
  }

  @Test
  void anAccountThatIsNoParticipantFailsClosed() throws Exception {
    Account stranger = Account.fromHex("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");

    Verification v =
        verify(
            withoutTrades(honest, stranger),
            MY_CONTRACT,
            Optional.of(Anchor.given(stranger, "--account")));

    assertThat(v.ok()).isFalse();
    assertThat(v.lines())
        .contains(
            "MONEY NOT VERIFIED: the account "
                + stranger.hex()
                + " is not a participant of the contract, so the chain cannot have settled money"
                + " to it: a wrong account, or the wrong contract");
  }

  @Test
  void withoutAGivenContractAndAccountTheControllersWordIsTakenWithAWarning() throws Exception {
    Verification v = verify(honest, Optional.empty(), Optional.empty());

    assertThat(v.ok()).isTrue();
    assertThat(v.independent()).isFalse();
    assertThat(chain.opened).isEqualTo(CONTRACT);
    assertThat(v.lines().get(0))
        .endsWith(
            "account "
                + ME.hex()
                + " (the controller's word, not checked), contract "
                + CONTRACT.hex()
                + " (the controller's word, not checked)");
    assertThat(v.lines())
        .anyMatch(l ->
            l.startsWith("WARNING: the contract address is the controller's word")
                && l.contains("Set settlement.contract in the meter's config (or pass --contract)"))
        .anyMatch(l ->
            l.startsWith("WARNING: the site's account is the controller's word")
                && l.contains("Set settlement.account in the meter's config (or pass --account)"))
        .last()
        .asString()
        .startsWith("verified: all 2 trade(s)")
        .endsWith(
            "; not independent: the contract and the site's account were the controller's word"
                + " (see the WARNING)");
  }

  @Test
  void aGivenAccountTheControllerDoesNotNameFails() throws Exception {
    SiteProofs thirds =
        ProofsFixture.honest(INTERVAL, SITE.value(), THIRD, Optional.of(CONTRACT), trades);

    Verification v = verify(thirds);

    assertThat(v.ok()).isFalse();
    assertThat(v.accountAgrees()).isFalse();
    assertThat(v.trades()).singleElement().satisfies(t -> assertThat(t.involvesSite()).isFalse());
    assertThat(v.lines())
        .contains(
            "ACCOUNT MISMATCH: the controller settles site s-0001 to "
                + THIRD.hex()
                + ", not to "
                + ME.hex()
                + " (from settlement.account in meter.yaml)")
        .last()
        .isEqualTo(
            "FAILED: 1 of 1 trade(s) did not verify; the controller names another account for"
                + " the site");
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
    assertThat(v.lines())
        .contains(
            "the 1 verified trade(s): sold 0 Wh, bought 250 Wh, beside the on-chain net +0.036125"
                + " (not compared: fees, penalties and shortfall charges make the money differ"
                + " from the trades' value)")
        .last()
        .isEqualTo("FAILED: 1 of 2 trade(s) did not verify");
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
    assertThat(v.net()).isEmpty();
    assertThat(chain.blocksRead).isEmpty();
    assertThat(v.lines())
        .last()
        .isEqualTo("NOT SETTLED on chain: 1 of 2 parts have landed; nothing can be verified yet");
  }

  @Test
  void aTradeOfAnotherSiteOrIntervalIsReported() throws Exception {
    SiteProofs served =
        ProofsFixture.honest(INTERVAL, SITE.value(), THIRD, Optional.of(CONTRACT), trades);
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
  void aGivenContractWinsAndTheDifferenceIsNoted() throws Exception {
    Account mine = Account.fromHex("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");

    Verification v = verify(honest, Optional.of(Anchor.given(mine, "--contract")), MY_ACCOUNT);

    assertThat(chain.opened).isEqualTo(mine);
    assertThat(v.lines())
        .contains(
            "note: the controller names contract "
                + CONTRACT.hex()
                + "; reading "
                + mine.hex()
                + " (from --contract)");
  }

  @Test
  void refusesAnswersForAnotherIntervalOrSiteAndAMissingContract() {
    SiteProofs noContract =
        ProofsFixture.honest(INTERVAL, SITE.value(), ME, Optional.empty(), trades);
    assertThatThrownBy(() -> verify(noContract, Optional.empty(), MY_ACCOUNT))
        .isInstanceOf(VerificationException.class)
        .hasMessage(
            "the controller names no settlement contract; give one with --contract or"
                + " settlement.contract in the meter's config");

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
