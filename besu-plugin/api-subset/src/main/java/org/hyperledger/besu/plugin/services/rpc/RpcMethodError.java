/*
 * Compile-only subset of the Hyperledger Besu plugin API; mirrors Besu 26.8.0.
 * Written by GridWeave from the facts in BESU-PLUGIN-API.md, not copied from Besu's source.
 * Never packaged: at run time the GridWeave plugin links against Besu's own type.
 */
package org.hyperledger.besu.plugin.services.rpc;

import java.util.Optional;

/** A JSON-RPC error a plugin endpoint reports. */
public interface RpcMethodError {

  int INVALID_PARAMS_ERROR_CODE = -32602;

  int getCode();

  String getMessage();

  default Optional<String> decodeData(String data) {
    return Optional.of(data);
  }
}
