package org.gridweave.besuplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridweave.besuplugin.core.Fixtures.CONTRACT;
import static org.gridweave.besuplugin.core.Fixtures.OPERATOR;
import static org.gridweave.besuplugin.core.Fixtures.READINGS_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.STRANGER;
import static org.gridweave.besuplugin.core.Fixtures.T0;
import static org.gridweave.besuplugin.core.Fixtures.TRADES_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.clockAt;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.tuweni.bytes.Bytes32;
import org.gridweave.besuplugin.core.bridge.FakePublisher;
import org.gridweave.besuplugin.core.options.EnergyOptions;
import org.gridweave.besuplugin.core.options.InvalidOptionsException;
import org.gridweave.besuplugin.core.rpc.InvalidParamsException;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.SettlementAbi;
import org.hyperledger.besu.plugin.BesuPlugin;
import org.hyperledger.besu.plugin.data.LogWithMetadata;
import org.hyperledger.besu.plugin.services.RpcEndpointService;
import org.hyperledger.besu.plugin.services.exception.PluginRpcEndpointException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class EnergyPluginTest {

  private static final long NOW = T0 + 3_600;
  private static final Hash32 BLOCK = Hash32.keccakUtf8("block 7");
  private static final Hash32 TX = Hash32.keccakUtf8("tx 1");

  private final FakeBesu besu = new FakeBesu();
  private final List<URI> brokers = new ArrayList<>();
  private final FakePublisher publisher = new FakePublisher();
  private final EnergyPlugin plugin =
      new EnergyPlugin(
          clockAt(NOW),
          uri -> {
            brokers.add(uri);
            return publisher;
          });

  @Test
  void besuFindsThePluginThroughItsServiceFile() {
    assertThat(ServiceLoader.load(BesuPlugin.class).stream().map(ServiceLoader.Provider::type))
        .containsExactly(EnergyPlugin.class);
  }

  @Test
  void registerAddsTheOptionsTheRpcMethodsAndTheValidator() {
    plugin.register(besu.services);

    assertThat(besu.options.byNamespace.get("energy")).isInstanceOf(EnergyOptions.class);
    assertThat(besu.rpc.endpoints)
        .containsOnlyKeys("energy_getInterval", "energy_verifyTrade", "energy_status");
    assertThat(besu.validators.factories).hasSize(1);
    assertThat(besu.events.listeners).as("BesuEvents is used from start() on").isEmpty();
  }

  @Test
  void startListensToTheContractsSettlementEventsAndConnectsTheBroker() {
    plugin.register(besu.services);
    configure("--plugin-energy-mqtt-uri=tcp://127.0.0.1:1883");

    plugin.start();

    FakeBesu.Events.Listener listener = besu.events.listeners.values().iterator().next();
    assertThat(listener.addresses()).containsExactly(BesuTypes.address(CONTRACT));
    assertThat(listener.topics())
        .containsExactly(
            List.of(
                bytes32(SettlementAbi.INTERVAL_SETTLED_TOPIC),
                bytes32(SettlementAbi.INTERVAL_PART_SETTLED_TOPIC),
                bytes32(SettlementAbi.PARTICIPANT_REGISTERED_TOPIC),
                bytes32(SettlementAbi.OPERATOR_ADDED_TOPIC),
                bytes32(SettlementAbi.OPERATOR_REMOVED_TOPIC)));
    assertThat(brokers).containsExactly(URI.create("tcp://127.0.0.1:1883"));
  }

  @Test
  void aSettlementLogReachesTheRpcAndTheBrokerAndItsRemovalClearsIt() {
    // Given a started plugin
    started("--plugin-energy-mqtt-uri=tcp://127.0.0.1:1883");

    // When Besu emits the contract's IntervalSettled log
    besu.events.emit(intervalSettled(false));

    // Then energy_getInterval answers from it and the bridge published it retained
    @SuppressWarnings("unchecked")
    Map<String, Object> interval = (Map<String, Object>) besu.rpc.call("energy_getInterval", T0);
    assertThat(interval)
        .containsEntry("settled", true)
        .containsEntry("tradesRoot", TRADES_ROOT.hex());
    assertThat(publisher.retained()).containsOnlyKeys("gridweave/v1/settlement/" + T0);

    // When a re-org removes it
    besu.events.emit(intervalSettled(true));

    // Then it is neither settled nor retained any more
    @SuppressWarnings("unchecked")
    Map<String, Object> after = (Map<String, Object>) besu.rpc.call("energy_getInterval", T0);
    assertThat(after).containsEntry("settled", false);
    assertThat(publisher.retained()).isEmpty();
  }

  @Test
  void theValidatorRejectsWithAReasonAndCountsIt() {
    started();
    byte[] commit =
        new CommitCall(
                T0, TRADES_ROOT, READINGS_ROOT, 0, 1, List.of(new Delta(1, 10), new Delta(0, -10)))
            .encode();

    Optional<String> fromStranger =
        besu.validators.validate(FakeBesu.transaction(Optional.of(CONTRACT), STRANGER, commit, TX));
    Optional<String> fromOperator =
        besu.validators.validate(FakeBesu.transaction(Optional.of(CONTRACT), OPERATOR, commit, TX));
    Optional<String> elsewhere =
        besu.validators.validate(
            FakeBesu.transaction(Optional.of(STRANGER), STRANGER, new byte[0], TX));

    assertThat(fromStranger)
        .contains(
            "energy plugin: sender "
                + STRANGER
                + " is not a settlement operator of contract "
                + CONTRACT
                + " (NOT_AN_OPERATOR)");
    assertThat(fromOperator).isEmpty();
    assertThat(elsewhere).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) besu.rpc.call("energy_status");
    assertThat(status.get("rejections").toString()).contains("NOT_AN_OPERATOR=1,");
  }

  @Test
  void anOperatorAddedOnChainPassesTheValidatorOnceItsLogArrives() {
    started();
    byte[] commit =
        new CommitCall(
                T0, TRADES_ROOT, READINGS_ROOT, 0, 1, List.of(new Delta(1, 10), new Delta(0, -10)))
            .encode();
    assertThat(
            besu.validators.validate(
                FakeBesu.transaction(Optional.of(CONTRACT), STRANGER, commit, TX)))
        .isPresent();

    besu.events.emit(operatorAdded(STRANGER));

    assertThat(
            besu.validators.validate(
                FakeBesu.transaction(Optional.of(CONTRACT), STRANGER, commit, TX)))
        .isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) besu.rpc.call("energy_status");
    assertThat(status).containsEntry("operators", List.of(OPERATOR.hex(), STRANGER.hex()));
  }

  @Test
  void invalidParamsBecomeAnInvalidParamsError() {
    started();

    assertThatThrownBy(() -> besu.rpc.call("energy_getInterval", "next week"))
        .isInstanceOf(PluginRpcEndpointException.class)
        .cause()
        .isInstanceOf(InvalidParamsException.class)
        .hasMessage(
            "energy_getInterval: intervalId must be a decimal or 0x-hex integer, got \"next week\"");
    assertThat(EnergyRpcError.INVALID_PARAMS.getCode()).isEqualTo(-32602);
  }

  @Test
  void beforeStartRpcSaysNotStartedAndTheValidatorLeavesItToTheContract() {
    plugin.register(besu.services);

    assertThatThrownBy(() -> besu.rpc.call("energy_status"))
        .isInstanceOf(PluginRpcEndpointException.class);
    assertThat(
            besu.validators.validate(
                FakeBesu.transaction(Optional.of(CONTRACT), STRANGER, new byte[0], TX)))
        .isEmpty();
  }

  @Test
  void startRefusesAWrongOptionNamingIt() {
    plugin.register(besu.services);
    parse("--plugin-energy-contract-address=" + CONTRACT.hex());

    assertThatThrownBy(plugin::start)
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessage("--plugin-energy-operators is required");
    assertThat(besu.events.listeners).isEmpty();
  }

  @Test
  void stopRemovesTheListenerAndClosesThePublisher() {
    started("--plugin-energy-mqtt-uri=tcp://127.0.0.1:1883");

    plugin.stop();

    assertThat(besu.events.listeners).isEmpty();
    assertThat(publisher.isClosed()).isTrue();
    assertThatThrownBy(() -> besu.rpc.call("energy_status"))
        .isInstanceOf(PluginRpcEndpointException.class);
  }

  @Test
  void registerNamesAMissingService() {
    FakeBesu withoutRpc = new FakeBesu();
    org.hyperledger.besu.plugin.ServiceManager services =
        new org.hyperledger.besu.plugin.ServiceManager.SimpleServiceManager();
    services.addService(
        org.hyperledger.besu.plugin.services.PicoCLIOptions.class,
        withoutRpc
            .services
            .getService(org.hyperledger.besu.plugin.services.PicoCLIOptions.class)
            .orElseThrow());

    assertThatThrownBy(() -> plugin.register(services))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Besu offers no "
                + RpcEndpointService.class.getSimpleName()
                + "; the energy plugin is built for Besu 26.8.0");
  }

  private void started(String... extra) {
    plugin.register(besu.services);
    configure(extra);
    plugin.start();
  }

  private void configure(String... extra) {
    List<String> args = new ArrayList<>();
    args.add("--plugin-energy-contract-address=" + CONTRACT.hex());
    args.add("--plugin-energy-operators=" + OPERATOR.hex());
    args.addAll(List.of(extra));
    parse(args.toArray(String[]::new));
  }

  private void parse(String... args) {
    parse(besu, args);
  }

  /** Besu parses its command line, plugin options included, between register() and start(). */
  static void parse(FakeBesu besu, String... args) {
    CommandSpec besuCommand = CommandSpec.create();
    besuCommand.addMixin(
        "energy", CommandSpec.forAnnotatedObject(besu.options.byNamespace.get("energy")));
    new CommandLine(besuCommand).parseArgs(args);
  }

  private static LogWithMetadata intervalSettled(boolean removed) {
    byte[] data =
        ByteBuffer.allocate(96)
            .put(TRADES_ROOT.bytes())
            .put(READINGS_ROOT.bytes())
            .putLong(88, 1)
            .array();
    Hash32 intervalTopic = Hash32.of(ByteBuffer.allocate(32).putLong(24, T0).array());
    return FakeBesu.log(
        CONTRACT,
        List.of(SettlementAbi.INTERVAL_SETTLED_TOPIC, intervalTopic),
        data,
        7,
        BLOCK,
        TX,
        0,
        removed);
  }

  private static LogWithMetadata operatorAdded(Account operator) {
    byte[] topic = new byte[32];
    System.arraycopy(operator.bytes(), 0, topic, 12, 20);
    return FakeBesu.log(
        CONTRACT,
        List.of(SettlementAbi.OPERATOR_ADDED_TOPIC, Hash32.of(topic)),
        new byte[0],
        8,
        BLOCK,
        TX,
        1,
        false);
  }

  private static Bytes32 bytes32(Hash32 hash) {
    return Bytes32.wrap(hash.bytes());
  }
}
