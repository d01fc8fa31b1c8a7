package org.gridweave.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterKeyPairTest {
  private final byte[] message = "counter=42".getBytes(StandardCharsets.UTF_8);

  @Test
  void signatureVerifiesWithItsOwnKeyOnly() {
    MeterKeyPair a = MeterKeyPair.generate(new SecureRandom());
    MeterKeyPair b = MeterKeyPair.generate(new SecureRandom());
    byte[] sig = a.sign(message);
    assertThat(a.publicKey().verifies(message, sig)).isTrue();
    assertThat(b.publicKey().verifies(message, sig)).isFalse();
    message[0] ^= 1;
    assertThat(a.publicKey().verifies(message, sig)).isFalse();
  }

  @Test
  void signaturesAreStandardEd25519AcceptedByTheJdkProvider() throws Exception {
    // RFC 8032 test vector 1: the empty message and its known key pair.
    byte[] seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    MeterKeyPair key = MeterKeyPair.fromSeed(seed);
    assertThat(key.publicKey().bytes())
        .isEqualTo(hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    byte[] sig = key.sign(new byte[0]);
    assertThat(sig)
        .isEqualTo(
            hex(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                    + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(jdkKey(key.publicKey().bytes()));
    jdk.update(message);
    assertThat(jdk.verify(key.sign(message))).isTrue();
  }

  @Test
  void keyFilesRoundTripAndThePrivateKeyIsOwnerOnly(@TempDir Path dir) throws Exception {
    MeterKeyPair key = MeterKeyPair.generate(new SecureRandom());
    key.write(dir, "m-1");
    assertThat(MeterKeyPair.read(dir.resolve("m-1.key")).publicKey()).isEqualTo(key.publicKey());
    assertThat(MeterPublicKey.parse(Files.readString(dir.resolve("m-1.pub"))))
        .isEqualTo(key.publicKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("m-1.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void rejectsMalformedPublicKeys() {
    assertThatThrownBy(() -> MeterPublicKey.parse("not base64!")).hasMessageContaining("Base64");
    assertThatThrownBy(() -> MeterPublicKey.parse("AAAA")).hasMessageContaining("32 bytes");
  }

  private static java.security.PublicKey jdkKey(byte[] raw) throws Exception {
    byte[] le = raw.clone();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7f;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, be));
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }

  static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
