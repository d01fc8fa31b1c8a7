package org.gridweave.besuplugin;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.hyperledger.besu.datatypes.Address;
import org.hyperledger.besu.datatypes.BytesHolder;
import org.hyperledger.besu.datatypes.LogTopic;
import org.hyperledger.besu.plugin.data.LogWithMetadata;

/** Besu's types to the core's plain values and back; the only place both meet. */
final class BesuTypes {

  private BesuTypes() {}

  static Account account(Address address) {
    return Account.of(address.getBytes().toArray());
  }

  static Optional<Account> account(Optional<? extends Address> address) {
    return address.map(BesuTypes::account);
  }

  static Address address(Account account) {
    return Address.wrap(Bytes.wrap(account.bytes()));
  }

  static Hash32 hash(BytesHolder hash) {
    return Hash32.of(hash.getBytes().toArray());
  }

  static Bytes32 bytes32(Hash32 hash) {
    return Bytes32.wrap(hash.bytes());
  }

  static List<Hash32> topics(List<LogTopic> topics) {
    return topics.stream().map(BesuTypes::hash).toList();
  }

  static byte[] bytes(Bytes bytes) {
    return bytes.toArray();
  }

  static LogPosition position(LogWithMetadata log) {
    return new LogPosition(
        log.getBlockNumber(),
        hash(log.getBlockHash()),
        hash(log.getTransactionHash()),
        log.getLogIndex());
  }
}
