package org.gridweave.controller.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessCoreTest {
  @Test
  void theUsersSettingIsReadEntryByEntryAndAPasswordMayContainColons() {
    List<UserSpec> users =
        UserSpec.parseAll("op:operator::s3cret:with:colons; pro-1:prosumer:site-7:another-pass;");
    assertThat(users).hasSize(2);
    assertThat(users.get(0).name()).isEqualTo("op");
    assertThat(users.get(0).role()).isEqualTo(Role.OPERATOR);
    assertThat(users.get(0).site()).isEmpty();
    assertThat(users.get(0).password()).isEqualTo("s3cret:with:colons");
    assertThat(users.get(1).site()).contains("site-7");
  }

  @Test
  void aWrongUsersSettingSaysWhichEntryAndWhy() {
    assertThatThrownBy(() -> UserSpec.parseAll("op:operator::long-enough;x:admin::long-enough"))
        .hasMessageContaining("entry 2")
        .hasMessageContaining("unknown role 'admin'");
    assertThatThrownBy(() -> UserSpec.parseAll("pro:prosumer::long-enough"))
        .hasMessageContaining("needs a site");
    assertThatThrownBy(() -> UserSpec.parseAll("op:operator:site-1:long-enough"))
        .hasMessageContaining("only prosumers have a site");
    assertThatThrownBy(() -> UserSpec.parseAll("op:operator::short"))
        .hasMessageContaining("at least 8 characters");
    assertThatThrownBy(() -> UserSpec.parseAll("op:operator::long-enough;op:viewer::long-enough"))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> UserSpec.parseAll("bad name:operator::long-enough"))
        .hasMessageContaining("user name");
    assertThatThrownBy(() -> UserSpec.parseAll("op-operator"))
        .hasMessageContaining("name:role:site:password");
  }

  @Test
  void aUserSpecNeverPrintsItsPassword() {
    UserSpec u = new UserSpec("op", Role.OPERATOR, Optional.empty(), "do-not-print-me");
    assertThat(u.toString()).doesNotContain("do-not-print-me");
  }

  @Test
  void passwordsAreStoredAsSaltedBcryptHashesThatOnlyTheirPasswordMatches() {
    Passwords passwords = new Passwords(4);
    String a = passwords.hash("correct horse");
    String b = passwords.hash("correct horse");
    assertThat(a).startsWith("$2a$04$").doesNotContain("correct horse");
    assertThat(a).isNotEqualTo(b); // salted
    assertThat(Passwords.matches("correct horse", a)).isTrue();
    assertThat(Passwords.matches("correct horse", b)).isTrue();
    assertThat(Passwords.matches("correct horsE", a)).isFalse();
    assertThat(Passwords.matches("correct horse", "not-a-hash")).isFalse();
    assertThat(Passwords.matches(null, a)).isFalse();
    assertThatThrownBy(() -> new Passwords(3)).hasMessageContaining("4..31");
  }

  @Test
  void aCsrfTokenBelongsToOneUserAndOneSecret() {
    CsrfTokens tokens = new CsrfTokens("sixteen-bytes-at-least".getBytes(StandardCharsets.UTF_8));
    String op = tokens.tokenFor("op");
    assertThat(tokens.valid("op", op)).isTrue();
    assertThat(tokens.valid("pro1", op)).isFalse();
    assertThat(tokens.valid("op", op.substring(1))).isFalse();
    assertThat(tokens.valid("op", null)).isFalse();
    assertThat(tokens.valid("op", "")).isFalse();
    assertThat(CsrfTokens.random().valid("op", op)).isFalse();
    assertThat(
            new CsrfTokens("sixteen-bytes-at-least".getBytes(StandardCharsets.UTF_8))
                .tokenFor("op"))
        .isEqualTo(op); // the same secret on every replica gives the same token
    assertThatThrownBy(() -> new CsrfTokens(new byte[8])).hasMessageContaining("16 bytes");
  }
}
