package org.gridweave.besuplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.gridweave.localinfra.Ports;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.SettlementAbi;
import org.junit.jupiter.api.Test;

/**
 * Loads the distribution zip as Besu would: its jars in a class loader of their own whose parent
 * holds only what Besu ships (the plugin API, tuweni, picocli, SLF4J, BouncyCastle), then
 * registers, configures, starts, validates, feeds a log, answers RPC and stops. A class the zip
 * lacks fails here with {@code NoClassDefFoundError}. Runs after {@code package}; everything
 * crosses the loader boundary by reflection, as the types of the two sides differ.
 */
class IsolatedLoadPackagingTest {

  private static final Account CONTRACT =
      Account.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");
  private static final Account OPERATOR =
      Account.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  private static final Account STRANGER =
      Account.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  private static final long INTERVAL = 1_764_151_200L;

  /** What the fake services were given. */
  private final Map<String, Object[]> calls = new HashMap<>();

  @Test
  void theZipRunsBesideOnlyWhatBesuShips() throws Throwable {
    String besuClasspath = System.getProperty("besu.classpath", "");
    assumeTrue(
        System.getProperty("plugin.zip") != null && !besuClasspath.isBlank(),
        "NOTICE: the isolated-load check runs in Maven's integration-test phase (mvn verify)");
    Path plugins = unzip(Path.of(System.getProperty("plugin.zip")));
    try (URLClassLoader besu =
            loader("besu", besuClasspath.split(","), ClassLoader.getPlatformClassLoader());
        URLClassLoader pluginLoader = loader("plugins", jars(plugins), besu)) {
      // Besu finds the plugin in its plugins/ folder
      Class<?> pluginType = besu.loadClass("org.hyperledger.besu.plugin.BesuPlugin");
      Object plugin = ServiceLoader.load(pluginType, pluginLoader).findFirst().orElseThrow();
      assertThat(plugin.getClass().getClassLoader()).isSameAs(pluginLoader);

      // register(): options, RPC methods, validator
      Object services =
          besu.loadClass("org.hyperledger.besu.plugin.ServiceManager$SimpleServiceManager")
              .getConstructor()
              .newInstance();
      for (String service :
          List.of(
              "PicoCLIOptions",
              "RpcEndpointService",
              "TransactionPoolValidatorService",
              "BesuEvents")) {
        Class<?> type = besu.loadClass("org.hyperledger.besu.plugin.services." + service);
        invoke(services, "addService", type, fake(type));
      }
      invoke(plugin, "register", services);

      // Besu parses the command line, then start()
      Object options = calls.get("addPicoCLIOptions")[1];
      Class<?> commandLine = besu.loadClass("picocli.CommandLine");
      Object parser = commandLine.getConstructor(Object.class).newInstance(options);
      commandLine
          .getMethod("parseArgs", String[].class)
          .invoke(
              parser,
              (Object)
                  new String[] {
                    "--plugin-energy-contract-address=" + CONTRACT.hex(),
                    "--plugin-energy-operators=" + OPERATOR.hex(),
                    "--plugin-energy-mqtt-uri=tcp://127.0.0.1:" + Ports.free()
                  });
      invoke(plugin, "start");

      // The validator judges a stranger's commit and an operator's
      Object factory = calls.get("registerPluginTransactionValidatorFactory")[0];
      Object validator = invoke(factory, "createTransactionValidator");
      byte[] commit =
          new CommitCall(
                  INTERVAL,
                  Hash32.keccakUtf8("trades"),
                  Hash32.keccakUtf8("readings"),
                  0,
                  1,
                  List.of(new Delta(1, 7), new Delta(0, -7)))
              .encode();
      assertThat(
              invoke(
                  validator,
                  "validateTransaction",
                  transaction(besu, STRANGER, commit),
                  false,
                  false))
          .isEqualTo(
              Optional.of(
                  "energy plugin: sender "
                      + STRANGER
                      + " is not a settlement operator of contract "
                      + CONTRACT
                      + " (NOT_AN_OPERATOR)"));
      assertThat(
              invoke(
                  validator,
                  "validateTransaction",
                  transaction(besu, OPERATOR, commit),
                  false,
                  false))
          .isEqualTo(Optional.empty());

      // A log reaches the index, and RPC answers from it
      Object listener = calls.get("addLogListener")[2];
      invoke(listener, "onLogEmitted", intervalSettledLog(besu));
      @SuppressWarnings("unchecked")
      Function<Object, Object> getInterval =
          (Function<Object, Object>) endpoints.get("energy_getInterval");
      Object answer = getInterval.apply(request(besu, INTERVAL));
      assertThat(answer.toString()).contains("settled=true");

      invoke(plugin, "stop");
      assertThat(calls).containsKey("removeLogListener");
    }
  }

  private final Map<String, Object> endpoints = new HashMap<>();

  /** A service recording what it is given; the log listener gets id 1. */
  private Object fake(Class<?> type) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          calls.put(method.getName(), args);
          return switch (method.getName()) {
            case "registerRPCEndpoint" -> {
              endpoints.put(args[0] + "_" + args[1], args[2]);
              yield null;
            }
            case "addLogListener" -> 1L;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "fake " + type.getSimpleName();
            default -> null;
          };
        };
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object transaction(ClassLoader besu, Account sender, byte[] payload)
      throws Exception {
    Object to = address(besu, CONTRACT);
    Object from = address(besu, sender);
    Object bytes = bytes(besu, payload);
    return proxy(
        besu,
        "org.hyperledger.besu.datatypes.Transaction",
        Map.of("getTo", Optional.of(to), "getSender", from, "getPayload", bytes));
  }

  private static Object intervalSettledLog(ClassLoader besu) throws Exception {
    Class<?> logTopic = besu.loadClass("org.hyperledger.besu.datatypes.LogTopic");
    Class<?> bytes32 = besu.loadClass("org.apache.tuweni.bytes.Bytes32");
    Method wrap32 = bytes32.getMethod("wrap", byte[].class);
    Method topic = logTopic.getMethod("create", bytes32);
    Object topic0 =
        topic.invoke(
            null, wrap32.invoke(null, (Object) SettlementAbi.INTERVAL_SETTLED_TOPIC.bytes()));
    Object topic1 =
        topic.invoke(
            null,
            wrap32.invoke(null, (Object) ByteBuffer.allocate(32).putLong(24, INTERVAL).array()));
    byte[] data =
        ByteBuffer.allocate(96)
            .put(Hash32.keccakUtf8("trades").bytes())
            .put(Hash32.keccakUtf8("readings").bytes())
            .putLong(88, 1)
            .array();
    Class<?> hash = besu.loadClass("org.hyperledger.besu.datatypes.Hash");
    Method wrapHash = hash.getMethod("wrap", bytes32);
    Object blockHash =
        wrapHash.invoke(null, wrap32.invoke(null, (Object) Hash32.keccakUtf8("b").bytes()));
    Object txHash =
        wrapHash.invoke(null, wrap32.invoke(null, (Object) Hash32.keccakUtf8("t").bytes()));
    Map<String, Object> answers = new HashMap<>();
    answers.put("getLogger", address(besu, CONTRACT));
    answers.put("getTopics", List.of(topic0, topic1));
    answers.put("getData", bytes(besu, data));
    answers.put("getLogIndex", 0);
    answers.put("getBlockNumber", 9L);
    answers.put("getBlockHash", blockHash);
    answers.put("getTransactionHash", txHash);
    answers.put("getTransactionIndex", 0);
    answers.put("isRemoved", false);
    return proxy(besu, "org.hyperledger.besu.plugin.data.LogWithMetadata", answers);
  }

  private static Object request(ClassLoader besu, Object... params) throws Exception {
    return proxy(
        besu,
        "org.hyperledger.besu.plugin.services.rpc.PluginRpcRequest",
        Map.of("getParams", params));
  }

  private static Object proxy(ClassLoader besu, String typeName, Map<String, Object> answers)
      throws ClassNotFoundException {
    Class<?> type = besu.loadClass(typeName);
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (!answers.containsKey(method.getName())) {
            throw new UnsupportedOperationException(typeName + "." + method.getName());
          }
          return answers.get(method.getName());
        };
    return Proxy.newProxyInstance(besu, new Class<?>[] {type}, handler);
  }

  private static Object address(ClassLoader besu, Account account) throws Exception {
    return besu.loadClass("org.hyperledger.besu.datatypes.Address")
        .getMethod("fromHexString", String.class)
        .invoke(null, account.hex());
  }

  private static Object bytes(ClassLoader besu, byte[] value) throws Exception {
    return besu.loadClass("org.apache.tuweni.bytes.Bytes")
        .getMethod("wrap", byte[].class)
        .invoke(null, (Object) value);
  }

  /** Calls the public method of that name whose parameters accept the arguments. */
  private static Object invoke(Object target, String name, Object... args) throws Throwable {
    for (Method method : publicMethods(target.getClass())) {
      if (method.getName().equals(name) && accepts(method, args)) {
        method.setAccessible(true);
        try {
          return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(target.getClass() + "." + name + Arrays.toString(args));
  }

  private static List<Method> publicMethods(Class<?> type) {
    List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
    for (Class<?> face : type.getInterfaces()) {
      methods.addAll(List.of(face.getMethods()));
    }
    return methods;
  }

  private static boolean accepts(Method method, Object[] args) {
    Class<?>[] types = method.getParameterTypes();
    if (types.length != args.length) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      Class<?> type = types[i].isPrimitive() ? boxed(types[i]) : types[i];
      if (args[i] != null && !type.isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> boxed(Class<?> primitive) {
    return primitive == boolean.class
        ? Boolean.class
        : primitive == long.class ? Long.class : Integer.class;
  }

  private static URLClassLoader loader(String name, String[] paths, ClassLoader parent)
      throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String path : paths) {
      Path file = Path.of(path.strip());
      assertThat(file).as("a jar of the simulated class path").exists();
      urls.add(file.toUri().toURL());
    }
    return new URLClassLoader(name, urls.toArray(URL[]::new), parent);
  }

  private static String[] jars(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files
          .map(Path::toString)
          .filter(p -> p.endsWith(".jar"))
          .sorted()
          .toArray(String[]::new);
    }
  }

  private static Path unzip(Path zip) throws IOException {
    Path target = Files.createTempDirectory(Path.of("target"), "dist");
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("zip entry outside the folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(entries, out);
        }
      }
    }
    return target.resolve("plugins");
  }
}
