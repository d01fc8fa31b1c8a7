package org.gridweave.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderMessageTest {
  private static final MeterKeyPair KEY = MeterKeyPair.fromSeed(new byte[32]);
  private static final Instant INTERVAL = Instant.parse("2026-11-25T12:00:00Z");
  private static final Instant AT = Instant.parse("2026-11-25T11:40:00.125Z");

  private static OrderMessage offer() {
    return OrderMessage.place(
        "o-17",
        MeterId.of("m-0001"),
        SiteId.of("s-north"),
        false,
        INTERVAL,
        1500,
        123_456,
        true,
        false,
        AT);
  }

  @Test
  void aSignedOrderSurvivesTheWireAndVerifies() throws Exception {
    OrderMessage signed = offer().signedWith(KEY);
    byte[] wire = signed.encode();

    OrderMessage back = OrderMessage.decode(wire);

    assertThat(new String(wire, StandardCharsets.UTF_8))
        .contains("\"limit_price_per_kwh\":0.123456");
    assertThat(back).isEqualTo(signed);
    assertThat(back.isSignedBy(KEY.publicKey())).isTrue();
  }

  @Test
  void aChangedFieldBreaksTheSignature() throws Exception {
    String wire = new String(offer().signedWith(KEY).encode(), StandardCharsets.UTF_8);
    String tampered = wire.replace("\"energy_wh\":1500", "\"energy_wh\":15000");
    assertThat(tampered).isNotEqualTo(wire);

    OrderMessage back = OrderMessage.decode(tampered.getBytes(StandardCharsets.UTF_8));

    assertThat(back.isSignedBy(KEY.publicKey())).isFalse();
    assertThat(
            back.isSignedBy(
                MeterKeyPair.fromSeed(
                        new byte[] {
                          1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                          22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                        })
                    .publicKey()))
        .isFalse();
  }

  @Test
  void aCancelCarriesOnlyWhatItNeeds() throws Exception {
    OrderMessage c =
        OrderMessage.cancel("o-17", MeterId.of("m-0001"), SiteId.of("s-north"), AT).signedWith(KEY);
    OrderMessage back = OrderMessage.decode(c.encode());
    assertThat(back.cancel()).isTrue();
    assertThat(back.isSignedBy(KEY.publicKey())).isTrue();
    assertThat(new String(c.encode(), StandardCharsets.UTF_8)).doesNotContain("energy_wh");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "zero energy | \"energy_wh\":0 | OUT_OF_RANGE",
        "fractional energy | \"energy_wh\":1.5 | WRONG_TYPE",
        "seven decimals | \"limit_price_per_kwh\":0.1234567 | OUT_OF_RANGE",
        "price as text | \"limit_price_per_kwh\":\"0.1\" | WRONG_TYPE",
        "unknown side | \"side\":\"buy\" | OUT_OF_RANGE",
        "unknown field | \"colour\":\"red\" | UNKNOWN_FIELD",
        "version 2 | \"v\":\"2.0\" | UNSUPPORTED_VERSION",
        "bad interval | \"interval\":\"noon\" | BAD_TIMESTAMP",
      })
  void refusesBadOrders(String why, String field, RejectReason reason) {
    String base =
        "{\"v\":\"1.0\",\"id\":\"o-1\",\"meter\":\"m-1\",\"site\":\"s-1\",\"action\":\"place\","
            + "\"side\":\"offer\",\"interval\":\"2026-11-25T12:00:00Z\",\"energy_wh\":100,"
            + "\"limit_price_per_kwh\":0.1,\"at\":\"2026-11-25T11:00:00Z\"}";
    String name = field.substring(0, field.indexOf(':'));
    String json =
        base.contains(name)
            ? base.replaceFirst(
                java.util.regex.Pattern.quote(name) + ":[^,}]*",
                java.util.regex.Matcher.quoteReplacement(field))
            : base.replace("}", "," + field + "}");

    assertThatThrownBy(() -> OrderMessage.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void aCancelWithOrderFieldsIsRefused() {
    String json =
        "{\"v\":\"1.0\",\"id\":\"o-1\",\"meter\":\"m-1\",\"site\":\"s-1\",\"action\":\"cancel\","
            + "\"energy_wh\":100,\"at\":\"2026-11-25T11:00:00Z\"}";
    assertThatThrownBy(() -> OrderMessage.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_FIELD));
  }
}
