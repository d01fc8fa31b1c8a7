package org.gridweave.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.Watts;
import org.junit.jupiter.api.Test;

class ControlMessagesTest {
  private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void commandRoundTrips() throws Exception {
    Command c =
        new Command(
            "c-1",
            MeterId.of("m-1"),
            now,
            now.plusSeconds(900),
            Optional.of(Watts.of(3200)),
            Optional.empty(),
            Optional.of(Percent.of(20)),
            Optional.empty(),
            "PV surplus above the export limit");
    assertThat(Command.decode(c.encode())).isEqualTo(c);
  }

  @Test
  void commandCannotChargeAndDischargeAtOnce() {
    String json =
        "{\"v\":\"1.0\",\"id\":\"c\",\"meter\":\"m\",\"issued_at\":\"2026-11-25T10:00:00Z\","
            + "\"expires_at\":\"2026-11-25T10:15:00Z\",\"battery_charge_w\":1,\"battery_discharge_w\":1}";
    assertThatThrownBy(() -> Command.decode(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("charge and discharge");
  }

  @Test
  void ackStateAndRejectionRoundTrip() throws Exception {
    CommandAck ack =
        new CommandAck("c-1", MeterId.of("m-1"), CommandAck.Status.REJECTED, "above rating", now);
    assertThat(CommandAck.decode(ack.encode())).isEqualTo(ack);
    MeterState state = new MeterState(MeterId.of("m-1"), SiteId.of("s-1"), false, "fw/1", now);
    assertThat(MeterState.decode(state.encode())).isEqualTo(state);
    Rejection r =
        new Rejection(RejectReason.BAD_SIGNATURE, "no", "gridweave/v1/s/m/telemetry", 4, now);
    assertThat(Rejection.decode(r.encode())).isEqualTo(r);
  }
}
