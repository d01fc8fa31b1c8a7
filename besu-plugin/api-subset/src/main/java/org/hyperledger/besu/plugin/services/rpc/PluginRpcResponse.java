/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services.rpc;

/** The answer of {@link org.hyperledger.besu.plugin.services.RpcEndpointService#call}. */
public interface PluginRpcResponse extends RpcResponse {

  Object getResult();
}
