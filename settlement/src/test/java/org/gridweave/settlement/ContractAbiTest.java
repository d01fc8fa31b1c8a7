package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java constants describe the compiled contract's ABI (the committed JSON). */
class ContractAbiTest {

  @Test
  void errorsEventsAndFunctionsMatchTheCompiledAbi() throws IOException {
    JsonNode abi;
    try (InputStream in = ContractAbiTest.class.getResourceAsStream("EnergySettlement.abi.json")) {
      abi = new ObjectMapper().readTree(in);
    }

    assertThat(signatures(abi, "error"))
        .containsExactlyInAnyOrderElementsOf(SettlementAbi.ERROR_SIGNATURES);
    assertThat(signatures(abi, "event"))
        .containsExactlyInAnyOrder(
            SettlementAbi.INTERVAL_SETTLED_SIGNATURE,
            SettlementAbi.INTERVAL_PART_SETTLED_SIGNATURE,
            SettlementAbi.PARTICIPANT_REGISTERED_SIGNATURE,
            SettlementAbi.OPERATOR_ADDED_SIGNATURE,
            SettlementAbi.OPERATOR_REMOVED_SIGNATURE);
    assertThat(signatures(abi, "function"))
        .contains(
            SettlementAbi.COMMIT_INTERVAL_SIGNATURE,
            SettlementAbi.REGISTER_PARTICIPANTS_SIGNATURE,
            SettlementAbi.ADD_OPERATOR_SIGNATURE,
            SettlementAbi.REMOVE_OPERATOR_SIGNATURE,
            SettlementAbi.VERIFY_TRADE_SIGNATURE);
  }

  private static List<String> signatures(JsonNode abi, String kind) {
    List<String> signatures = new ArrayList<>();
    for (JsonNode member : abi) {
      if (member.path("type").asText().equals(kind)) {
        List<String> types = new ArrayList<>();
        member.path("inputs").forEach(input -> types.add(input.path("type").asText()));
        signatures.add(member.path("name").asText() + "(" + String.join(",", types) + ")");
      }
    }
    return signatures;
  }
}
