/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services;

import java.util.function.Function;
import org.hyperledger.besu.plugin.services.rpc.PluginRpcRequest;
import org.hyperledger.besu.plugin.services.rpc.PluginRpcResponse;

/** Registers JSON-RPC methods named {@code namespace_functionName}. */
public interface RpcEndpointService extends BesuService {

  <T> void registerRPCEndpoint(
      String namespace, String functionName, Function<PluginRpcRequest, T> function);

  PluginRpcResponse call(String methodName, Object[] params);
}
