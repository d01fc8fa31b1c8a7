package org.gridweave.devstack.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleUsersTest {
  @TempDir Path dir;

  @Test
  void makesAnOperatorAViewerAndOneProsumerPerSiteInTheControllersSettingForm() {
    ConsoleUsers users = ConsoleUsers.generate(List.of("s-0001", "s-0002"), new Random(1));

    assertThat(users.users())
        .extracting(ConsoleUsers.User::name)
        .containsExactly("operator", "viewer", "prosumer-s-0001", "prosumer-s-0002");
    String[] entries = users.setting().split(";");
    assertThat(entries).hasSize(4);
    assertThat(entries[0]).startsWith("operator:operator::");
    assertThat(entries[2]).startsWith("prosumer-s-0001:prosumer:s-0001:");
    assertThat(users.users())
        .allSatisfy(u -> assertThat(u.password()).hasSize(16).doesNotContain(":", ";"));
  }

  @Test
  void keepsTheUsersInAFileOnlyItsOwnerCanReadAndReadsThemBackOnTheNextRun() throws Exception {
    Path file = dir.resolve("console-users.txt");

    ConsoleUsers first = ConsoleUsers.keptIn(file, List.of("s-0001"));
    ConsoleUsers second = ConsoleUsers.keptIn(file, List.of("s-0001", "s-0002"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void refusesAProsumerWithoutASiteAndASeparatorInsideAPassword() {
    assertThatThrownBy(() -> new ConsoleUsers.User("p", "prosumer", Optional.empty(), "x1234567"))
        .hasMessageContaining("a prosumer needs a site");
    assertThatThrownBy(() -> new ConsoleUsers.User("o", "operator", Optional.empty(), "a;b:c"))
        .hasMessageContaining("without ':' or ';'");
    assertThatThrownBy(() -> new ConsoleUsers.User("o", "admin", Optional.empty(), "x1234567"))
        .hasMessageContaining("operator, viewer or prosumer");
  }
}
