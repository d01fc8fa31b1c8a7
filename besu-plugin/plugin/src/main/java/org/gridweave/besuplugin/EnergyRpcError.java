package org.gridweave.besuplugin;

import org.hyperledger.besu.plugin.services.rpc.RpcMethodError;

/** The JSON-RPC errors the {@code energy_} methods answer with. */
enum EnergyRpcError implements RpcMethodError {
  INVALID_PARAMS(INVALID_PARAMS_ERROR_CODE, "Invalid params"),
  NOT_STARTED(-32000, "The energy plugin has not started");

  private final int code;
  private final String message;

  EnergyRpcError(int code, String message) {
    this.code = code;
    this.message = message;
  }

  @Override
  public int getCode() {
    return code;
  }

  @Override
  public String getMessage() {
    return message;
  }
}
