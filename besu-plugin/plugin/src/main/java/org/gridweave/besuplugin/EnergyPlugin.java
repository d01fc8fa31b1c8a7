package org.gridweave.besuplugin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.gridweave.besuplugin.core.LogIntake;
import org.gridweave.besuplugin.core.bridge.Publisher;
import org.gridweave.besuplugin.core.bridge.SettlementBridge;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.options.EnergyConfig;
import org.gridweave.besuplugin.core.options.EnergyOptions;
import org.gridweave.besuplugin.core.rpc.EnergyRpc;
import org.gridweave.besuplugin.core.rpc.InvalidParamsException;
import org.gridweave.besuplugin.core.rules.Rejection;
import org.gridweave.besuplugin.core.rules.SettlementTxRules;
import org.gridweave.besuplugin.mqtt.PahoPublisher;
import org.gridweave.settlement.SettlementAbi;
import org.hyperledger.besu.datatypes.Transaction;
import org.hyperledger.besu.plugin.BesuPlugin;
import org.hyperledger.besu.plugin.ServiceManager;
import org.hyperledger.besu.plugin.data.LogWithMetadata;
import org.hyperledger.besu.plugin.services.BesuEvents;
import org.hyperledger.besu.plugin.services.BesuService;
import org.hyperledger.besu.plugin.services.PicoCLIOptions;
import org.hyperledger.besu.plugin.services.RpcEndpointService;
import org.hyperledger.besu.plugin.services.TransactionPoolValidatorService;
import org.hyperledger.besu.plugin.services.exception.PluginRpcEndpointException;
import org.hyperledger.besu.plugin.services.rpc.PluginRpcRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GridWeave energy plugin for Hyperledger Besu 26.8.0: Besu's lifecycle and services around the
 * plain-Java core ({@code org.gridweave.besuplugin.core}).
 *
 * <ul>
 *   <li>{@link #register}: adds the {@code --plugin-energy-*} options, the {@code energy_} JSON-RPC
 *       methods ({@code getInterval}, {@code verifyTrade}, {@code status}) and the transaction-pool
 *       validator. Needs {@link PicoCLIOptions}, {@link RpcEndpointService} and {@link
 *       TransactionPoolValidatorService}.
 *   <li>{@link #start}: validates the options (a wrong one stops the start with a message naming
 *       it), starts the MQTT publisher if a broker is configured and listens to the settlement
 *       contract's logs ({@link BesuEvents}, available only from here on).
 *   <li>{@link #stop}: removes the listener and closes the publisher.
 * </ul>
 *
 * Before {@code start} (and after {@code stop}) the RPC methods answer "not started" and the
 * validator accepts everything: the contract's own checks still hold. Besu calls the listener, the
 * validator and the RPC methods from its own threads; the core is thread-safe.
 */
public final class EnergyPlugin implements BesuPlugin {

  static final String NAMESPACE = "energy";
  private static final Logger LOG = LoggerFactory.getLogger(EnergyPlugin.class);
  private static final Duration MQTT_RETRY = Duration.ofSeconds(2);

  private final EnergyOptions options = new EnergyOptions();
  private final Clock clock;
  private final Function<URI, Publisher> publishers;
  private ServiceManager context;
  private volatile Running running;

  /** The plugin as Besu's {@link java.util.ServiceLoader} makes it. */
  public EnergyPlugin() {
    this(
        Clock.systemUTC(),
        uri -> PahoPublisher.start(uri, "gridweave-besu-energy-" + UUID.randomUUID(), MQTT_RETRY));
  }

  /**
   * @param clock decides which intervals have ended
   * @param publishers the MQTT publisher for a broker URI
   */
  EnergyPlugin(Clock clock, Function<URI, Publisher> publishers) {
    this.clock = clock;
    this.publishers = publishers;
  }

  @Override
  public String getName() {
    return "gridweave-energy";
  }

  @Override
  public void register(ServiceManager context) {
    this.context = context;
    service(context, PicoCLIOptions.class).addPicoCLIOptions(NAMESPACE, options);
    RpcEndpointService rpc = service(context, RpcEndpointService.class);
    rpc.registerRPCEndpoint(
        NAMESPACE, EnergyRpc.GET_INTERVAL, request -> call(request, EnergyRpc::getInterval));
    rpc.registerRPCEndpoint(
        NAMESPACE, EnergyRpc.VERIFY_TRADE, request -> call(request, EnergyRpc::verifyTrade));
    rpc.registerRPCEndpoint(
        NAMESPACE, EnergyRpc.STATUS, request -> call(request, EnergyRpc::status));
    service(context, TransactionPoolValidatorService.class)
        .registerPluginTransactionValidatorFactory(
            () -> (transaction, isLocal, hasPriority) -> validate(transaction));
    LOG.info("energy plugin registered: options, energy_ RPC methods, transaction-pool validator");
  }

  @Override
  public void start() {
    if (context == null) {
      throw new IllegalStateException("the energy plugin was started before register()");
    }
    EnergyConfig config = options.validate();
    BesuEvents events = service(context, BesuEvents.class);
    Optional<Publisher> publisher = config.mqttUri().map(publishers);
    SettlementIndex index = new SettlementIndex();
    LogIntake intake =
        new LogIntake(index, publisher.map(p -> new SettlementBridge(p, index.maxIntervals())));
    SettlementTxRules rules = new SettlementTxRules(config, intake.index(), clock);
    long listener =
        events.addLogListener(
            List.of(BesuTypes.address(config.contract())),
            List.of(SettlementAbi.EVENT_TOPICS.stream().map(BesuTypes::bytes32).toList()),
            log -> onLog(intake, log));
    running =
        new Running(
            rules,
            new EnergyRpc(config, intake, rules.rejections(), rules.operators()),
            publisher,
            events,
            listener);
    LOG.info(
        "energy plugin started: contract {}, {} configured operator(s) (followed by the contract's"
            + " operator logs), {} s intervals, clock tolerance {} s, MQTT {}",
        config.contract(),
        config.operators().size(),
        config.intervalSeconds(),
        config.clockToleranceSeconds(),
        config.mqttUri().map(Object::toString).orElse("off (no --plugin-energy-mqtt-uri)"));
  }

  @Override
  public void stop() {
    Running stopping = running;
    running = null;
    if (stopping == null) {
      return;
    }
    stopping.events().removeLogListener(stopping.listener());
    stopping.publisher().ifPresent(Publisher::close);
    LOG.info("energy plugin stopped");
  }

  private Optional<String> validate(Transaction transaction) {
    Running current = running;
    if (current == null) {
      return Optional.empty();
    }
    return current
        .rules()
        .check(
            BesuTypes.account(transaction.getTo()),
            BesuTypes.account(transaction.getSender()),
            BesuTypes.bytes(transaction.getPayload()))
        .map(EnergyPlugin::reason);
  }

  private static String reason(Rejection rejection) {
    return "energy plugin: " + rejection.message() + " (" + rejection.reason() + ")";
  }

  private static void onLog(LogIntake intake, LogWithMetadata log) {
    intake.accept(
        BesuTypes.topics(log.getTopics()),
        BesuTypes.bytes(log.getData()),
        BesuTypes.position(log),
        log.isRemoved());
  }

  private <T> T call(PluginRpcRequest request, BiFunction<EnergyRpc, Object[], T> method) {
    Running current = running;
    if (current == null) {
      throw new PluginRpcEndpointException(
          EnergyRpcError.NOT_STARTED, "the energy plugin has not started (or has stopped)");
    }
    try {
      return method.apply(current.rpc(), request.getParams());
    } catch (InvalidParamsException e) {
      throw new PluginRpcEndpointException(EnergyRpcError.INVALID_PARAMS, e.getMessage(), e);
    }
  }

  private static <T extends BesuService> T service(ServiceManager context, Class<T> type) {
    return context
        .getService(type)
        .orElseThrow(() ->
            new IllegalStateException(
                "Besu offers no "
                    + type.getSimpleName()
                    + "; the energy plugin is built for Besu 26.8.0"));
  }

  private record Running(
      SettlementTxRules rules,
      EnergyRpc rpc,
      Optional<Publisher> publisher,
      BesuEvents events,
      long listener) {}
}
