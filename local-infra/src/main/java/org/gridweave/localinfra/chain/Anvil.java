package org.gridweave.localinfra.chain;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.gridweave.localinfra.ChildProcesses;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Foundry Anvil process: an Ethereum JSON-RPC dev chain on {@code 127.0.0.1}, standing in
 * for the grid's Besu network in tests, the demo and the settlement benchmark.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #start} returns once JSON-RPC answers {@code eth_chainId}. Chain id {@value
 *       #CHAIN_ID}; ten dev accounts from Anvil's well-known test mnemonic ({@link
 *       #DEV_PRIVATE_KEYS}), each with 10,000 ether. Blocks are mined per transaction (automine)
 *       unless extra arguments say otherwise (such as {@code --no-mining}). Block timestamps follow
 *       the wall clock.
 *   <li>The chain survives {@link #stop()} + {@link #restart()}: Anvil keeps its state in {@code
 *       dir/state.json} ({@code --state}), written at a graceful stop and every {@value
 *       #STATE_INTERVAL_SECONDS} s; blocks, receipts and logs come back too. After {@link #kill()},
 *       the blocks since the last dump (up to {@value #STATE_INTERVAL_SECONDS} s) are lost, which a
 *       real node would keep: model a chain outage with {@link #stop()} and {@link #restart()}.
 *   <li>{@link #startWithoutState} writes no state file (for benchmarks).
 *   <li>Clients keep at most {@value #MAX_UNCONFIRMED_TRANSACTIONS} transactions unconfirmed: more
 *       stall Anvil (foundry issue 10122).
 *   <li>Console output goes to {@code dir/anvil.log}.
 *   <li>The process is registered with {@link ChildProcesses}: it ends when this JVM exits.
 * </ul>
 *
 * Methods are thread-safe; lifecycle methods are serialised.
 */
public final class Anvil implements AutoCloseable {

  public static final long CHAIN_ID = 1337;
  public static final int MAX_UNCONFIRMED_TRANSACTIONS = 32;
  static final int STATE_INTERVAL_SECONDS = 1;

  /** Anvil's (and Hardhat's) default test mnemonic: never use these keys anywhere real. */
  public static final String MNEMONIC =
      "test test test test test test test test test test test junk";

  /** The private keys of the mnemonic's first ten accounts, dev account 0 first (hex, 0x). */
  public static final List<String> DEV_PRIVATE_KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
          "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
          "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
          "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
          "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
          "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

  /** The addresses of {@link #DEV_PRIVATE_KEYS}, in the same order (EIP-55 case). */
  public static final List<String> DEV_ADDRESSES =
      List.of(
          "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
          "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
          "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
          "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
          "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
          "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
          "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
          "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
          "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
          "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");

  /** Where {@link #binary()} looks inside the repository (what {@code npm ci} installs). */
  public static final String NPM_BINARY =
      "settlement/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

  /** Why {@link #start} fails where Anvil is missing; also fit for a test's skip message. */
  public static final String NOT_INSTALLED =
      "anvil not found (system property gridweave.anvil, "
          + NPM_BINARY
          + ", PATH); install it with: (cd settlement/contracts && npm ci), which ./gridweave test"
          + " does";

  private static final Logger LOG = LoggerFactory.getLogger(Anvil.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(2);

  private final Path binary;
  private final Path dir;
  private final int port;
  private final List<String> extraArguments;
  private final boolean keepState;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(RPC_TIMEOUT)
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private Process process;

  private Anvil(Path binary, Path dir, int port, List<String> extraArguments, boolean keepState) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.extraArguments = List.copyOf(extraArguments);
    this.keepState = keepState;
  }

  /**
   * The {@code anvil} executable: the system property {@code gridweave.anvil}, else the
   * npm-installed one under {@code gridweave.home} (system property) or the repository root found
   * above the working directory, else the first on {@code PATH}; empty if none exists.
   */
  public static Optional<Path> binary() {
    String configured = System.getProperty("gridweave.anvil");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    Optional<Path> npm =
        repositoryRoot().map(root -> root.resolve(NPM_BINARY)).filter(Files::isExecutable);
    if (npm.isPresent()) {
      return npm;
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, "anvil"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * {@code gridweave.home}, or the nearest folder at or above the working directory with the
   * launcher.
   */
  static Optional<Path> repositoryRoot() {
    String home = System.getProperty("gridweave.home");
    if (home != null && !home.isBlank()) {
      return Optional.of(Path.of(home).toAbsolutePath());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("gridweave"))
          && Files.isDirectory(dir.resolve("settlement"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts Anvil on {@code 127.0.0.1:port} with its state file and log in {@code dir} (created if
   * missing; an existing {@code state.json} is loaded).
   *
   * @throws StartupFailedException if Anvil is not installed (message {@link #NOT_INSTALLED}), the
   *     port is taken, or JSON-RPC does not answer within 30 s
   */
  public static Anvil start(Path dir, int port) {
    return start(dir, port, List.of());
  }

  /**
   * Like {@link #start(Path, int)}, with extra command-line arguments (such as {@code
   * "--no-mining"} or {@code "--block-time", "1"}); they are kept for {@link #restart()}.
   */
  public static Anvil start(Path dir, int port, List<String> extraArguments) {
    return start(binary(), dir, port, extraArguments, true);
  }

  /**
   * Like {@link #start(Path, int, List)}, but without a state file: nothing is written to disk and
   * a restart begins a new chain. For benchmarks, where the periodic state dump would cost time.
   */
  public static Anvil startWithoutState(Path dir, int port, List<String> extraArguments) {
    return start(binary(), dir, port, extraArguments, false);
  }

  static Anvil start(
      Optional<Path> executable,
      Path dir,
      int port,
      List<String> extraArguments,
      boolean keepState) {
    Anvil anvil =
        new Anvil(
            executable.orElseThrow(() -> new StartupFailedException(NOT_INSTALLED)),
            dir.toAbsolutePath(),
            port,
            extraArguments,
            keepState);
    anvil.launch();
    return anvil;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT}, the JSON-RPC endpoint. */
  public String rpcUrl() {
    return "http://" + Ports.LOOPBACK + ":" + port;
  }

  public long chainId() {
    return CHAIN_ID;
  }

  /** Same as {@link #DEV_PRIVATE_KEYS}. */
  public List<String> devPrivateKeys() {
    return DEV_PRIVATE_KEYS;
  }

  public Path dir() {
    return dir;
  }

  /** Where the chain's state is kept across restarts. */
  public Path stateFile() {
    return dir.resolve("state.json");
  }

  public Path logFile() {
    return dir.resolve("anvil.log");
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Graceful stop: SIGTERM, then waits for exit, so the state file is written. */
  public synchronized void stop() {
    if (!isAlive()) {
      return;
    }
    process.destroy();
    if (!ChildProcesses.waitForExit(process, STOP_TIMEOUT)) {
      LOG.warn("anvil on port {} ignored SIGTERM for {}, killing it", port, STOP_TIMEOUT);
      kill();
      return;
    }
    LOG.info("anvil on port {} stopped", port);
  }

  /**
   * Crash drill: SIGKILL; returns once it is gone. Anvil then loses the blocks since its last state
   * dump, so a transaction signed on top of them (with a later nonce) never mines after {@link
   * #restart()}: for a chain outage use {@link #stop()}.
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    ChildProcesses.waitForExit(process, STOP_TIMEOUT);
    LOG.info("anvil on port {} killed", port);
  }

  /**
   * {@link #stop()} (if running) and start again on the same folder, state and port; returns once
   * JSON-RPC answers. Also brings a {@link #kill() killed} chain back.
   */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Sends one JSON-RPC request (such as {@code "evm_mine"}, {@code "[]"}) and returns the raw
   * response body; for tests and tools that need a call web3j does not offer.
   */
  public String rpc(String method, String jsonParams) throws IOException {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + method
            + "\",\"params\":"
            + jsonParams
            + "}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(rpcUrl()))
            .timeout(RPC_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during " + method, interrupted);
    }
  }

  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--host",
            Ports.LOOPBACK,
            "--port",
            Integer.toString(port),
            "--chain-id",
            Long.toString(CHAIN_ID),
            "--mnemonic",
            MNEMONIC,
            "--accounts",
            Integer.toString(DEV_PRIVATE_KEYS.size()),
            "--balance",
            "10000"));
    if (keepState) {
      command.addAll(
          List.of(
              "--state",
              stateFile().toString(),
              "--state-interval",
              Integer.toString(STATE_INTERVAL_SECONDS)));
    }
    command.addAll(extraArguments);
    return command;
  }

  private synchronized void launch() {
    if (Ports.accepting(port)) {
      throw new StartupFailedException(
          "port " + port + " is already taken; is an old anvil still running?");
    }
    try {
      Files.createDirectories(dir);
      process =
          new ProcessBuilder(command())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
    } catch (IOException e) {
      throw new StartupFailedException("cannot start anvil in " + dir, e);
    }
    ChildProcesses.register(process);
    awaitRpc();
    LOG.info("anvil pid {} answering on {}", process.pid(), rpcUrl());
  }

  private void awaitRpc() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!answers()) {
      if (!process.isAlive()) {
        throw StartupFailedException.withLogTail(
            "anvil exited with " + process.exitValue() + " on start", logFile());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw StartupFailedException.withLogTail(
            "anvil not answering JSON-RPC on port " + port + " after " + STARTUP_TIMEOUT,
            logFile());
      }
      try {
        Thread.sleep(POLL_INTERVAL);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new StartupFailedException("interrupted while starting anvil");
      }
    }
  }

  private boolean answers() {
    if (!Ports.accepting(port)) {
      return false;
    }
    try {
      return rpc("eth_chainId", "[]").contains("\"result\"");
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Anvil[" + rpcUrl() + ", " + dir + "]";
  }
}
