package org.gridweave.k8s.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class QbftNetworkTest {
  /** Anvil's and Hardhat's first dev account, whose first deployment is well known. */
  static final NodeKey DEV_ACCOUNT =
      NodeKey.ofPrivateKey("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

  static List<NodeKey> validators() {
    return List.of(
        NodeKey.ofPrivateKey("0x" + "01".repeat(32)),
        NodeKey.ofPrivateKey("0x" + "02".repeat(32)),
        NodeKey.ofPrivateKey("0x" + "03".repeat(32)),
        NodeKey.ofPrivateKey("0x" + "04".repeat(32)));
  }

  static QbftNetwork network() {
    return new QbftNetwork(
        QbftNetwork.Parameters.defaults(),
        validators(),
        DEV_ACCOUNT,
        QbftNetwork.domainOf("gridweave"));
  }

  @Test
  void aKeysAddressAndPrivateKeyFileAreThoseEthereumToolsShow() {
    assertThat(DEV_ACCOUNT.address())
        .isEqualTo(EthAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assertThat(DEV_ACCOUNT.privateKeyHex())
        .isEqualTo("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    assertThat(DEV_ACCOUNT.enodeId()).hasSize(128).matches("[0-9a-f]+");
  }

  @Test
  void theContractAddressIsTheOperatorsFirstDeployment() {
    // Every Anvil/Hardhat tutorial's first contract (besu-plugin/README.md uses it too).
    assertThat(network().contractAddress())
        .isEqualTo(EthAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
  }

  @Test
  void theGenesisNamesTheValidatorsInPodOrderAndFundsTheOperator() {
    ObjectMapper json = new ObjectMapper();
    JsonNode genesis = network().genesis(json);

    QbftExtraData extraData = QbftExtraData.fromHex(genesis.path("extraData").asText());
    assertThat(extraData.validators())
        .containsExactlyElementsOf(validators().stream().map(NodeKey::address).toList());
    assertThat(genesis.path("config").path("qbft").path("blockperiodseconds").asInt()).isEqualTo(2);
    assertThat(genesis.path("config").path("chainId").asLong()).isEqualTo(1981);
    assertThat(genesis.path("config").path("cancunTime").asInt()).isZero();
    assertThat(genesis.path("alloc").fieldNames())
        .toIterable()
        .containsExactly("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThat(genesis.path("mixHash").asText()).isEqualTo(QbftNetwork.QBFT_MIX_HASH);
  }

  @Test
  void staticNodesReachEachValidatorPodByItsStableDnsName() {
    JsonNode nodes = network().staticNodes(new ObjectMapper());

    assertThat(nodes).hasSize(4);
    assertThat(nodes.get(2).asText())
        .isEqualTo(
            "enode://"
                + validators().get(2).enodeId()
                + "@besu-validator-2.besu-validator.gridweave.svc.cluster.local:30303");
  }

  @Test
  void refusesFewerThanFourValidatorsAReusedKeyAndBadParameters() {
    var params = QbftNetwork.Parameters.defaults();
    String domain = QbftNetwork.domainOf("gridweave");
    assertThatThrownBy(
            () -> new QbftNetwork(params, validators().subList(0, 3), DEV_ACCOUNT, domain))
        .hasMessageContaining("at least 4 validators");
    assertThatThrownBy(() -> new QbftNetwork(params, validators(), validators().get(0), domain))
        .hasMessageContaining("operator key must not be a validator's");
    List<NodeKey> twice =
        List.of(validators().get(0), validators().get(0), validators().get(1), validators().get(2));
    assertThatThrownBy(() -> new QbftNetwork(params, twice, DEV_ACCOUNT, domain))
        .hasMessageContaining("share a key");
    assertThatThrownBy(() -> new QbftNetwork.Parameters(1981, 5, 5, 30000))
        .hasMessageContaining("must exceed blockperiodseconds");
    assertThatThrownBy(() -> NodeKey.ofPrivateKey("0x1234")).hasMessageContaining("64 hex digits");
  }
}
