/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services.exception;

import org.hyperledger.besu.plugin.services.rpc.RpcMethodError;

/**
 * Thrown by a plugin endpoint to answer with a JSON-RPC error; any other exception becomes a
 * generic "Internal error".
 */
public class PluginRpcEndpointException extends RuntimeException {

  public PluginRpcEndpointException(RpcMethodError rpcMethodError) {
    this(rpcMethodError, null);
  }

  public PluginRpcEndpointException(RpcMethodError rpcMethodError, String data) {
    this(rpcMethodError, data, null);
  }

  // What Besu makes of the error and data is Besu's business: the subset only keeps the types.
  public PluginRpcEndpointException(RpcMethodError rpcMethodError, String data, Throwable cause) {
    super(rpcMethodError.getMessage(), cause);
  }
}
