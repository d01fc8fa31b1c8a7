package org.gridweave.core.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A meter's Ed25519 key pair. The private key is the 32-byte RFC 8032 seed; on disk it is one line
 * of Base64 in a file readable only by its owner, the public key one line of Base64 beside it.
 * Thread-safe: signing keeps no mutable state.
 */
public final class MeterKeyPair {
  private final byte[] privateKey;
  private final MeterPublicKey publicKey;

  private MeterKeyPair(byte[] privateKey) {
    if (privateKey.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 private key has 32 bytes, this one has " + privateKey.length);
    }
    this.privateKey = privateKey.clone();
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(this.privateKey, 0, pub, 0);
    this.publicKey = MeterPublicKey.of(pub);
  }

  public static MeterKeyPair generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return new MeterKeyPair(seed);
  }

  /** A key pair derived from a 32-byte seed; for tests and reproducible simulated fleets. */
  public static MeterKeyPair fromSeed(byte[] seed) {
    return new MeterKeyPair(seed);
  }

  public static MeterKeyPair read(Path privateKeyFile) throws IOException {
    String text = Files.readString(privateKeyFile, StandardCharsets.US_ASCII).trim();
    try {
      return new MeterKeyPair(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "private key file " + privateKeyFile + " is invalid: " + e.getMessage());
    }
  }

  /** Writes {@code name.key} (owner read/write only) and {@code name.pub} into {@code dir}. */
  public void write(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path key = dir.resolve(name + ".key");
    Files.deleteIfExists(key);
    Files.createFile(key);
    try {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // non-POSIX file systems keep their default permissions
    }
    Files.writeString(key, Base64.getEncoder().encodeToString(privateKey) + "\n");
    Files.writeString(dir.resolve(name + ".pub"), publicKey.base64() + "\n");
  }

  public MeterPublicKey publicKey() {
    return publicKey;
  }

  public byte[] sign(byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  @Override
  public String toString() {
    return "MeterKeyPair[" + publicKey + "]";
  }
}
