package org.gridweave.k8s.chain;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * A secp256k1 key of a Besu node or of an account: for a QBFT validator its address is the
 * validator address and its public key the enode id.
 */
public record NodeKey(ECKeyPair pair) {
  public NodeKey {
    if (pair == null) {
      throw new IllegalArgumentException("a key pair is required");
    }
  }

  public static NodeKey generate(SecureRandom random) {
    try {
      return new NodeKey(Keys.createEcKeyPair(random));
    } catch (NoSuchAlgorithmException
        | NoSuchProviderException
        | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("no secp256k1 key generator in this JVM", e);
    }
  }

  /** From a private key in hex (with or without {@code 0x}), e.g. a Besu {@code key} file. */
  public static NodeKey ofPrivateKey(String hex) {
    String bare = hex == null ? "" : Numeric.cleanHexPrefix(hex.strip());
    if (!bare.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("a private key is 64 hex digits (32 bytes)");
    }
    return new NodeKey(ECKeyPair.create(Numeric.toBigInt(bare)));
  }

  public EthAddress address() {
    return EthAddress.of(Credentials.create(pair).getAddress());
  }

  /** The 64-byte uncompressed public key without its 0x04 prefix, 128 hex digits: the enode id. */
  public String enodeId() {
    return Numeric.toHexStringNoPrefixZeroPadded(pair.getPublicKey(), 128);
  }

  /** {@code 0x} + 64 hex digits: the content of Besu's {@code --node-private-key-file}. */
  public String privateKeyHex() {
    return Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64);
  }

  @Override
  public String toString() {
    return "NodeKey[" + address() + "]";
  }
}
