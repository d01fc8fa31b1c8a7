package org.gridweave.firmware.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code meter ...} commands in this JVM, collecting what they print. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** The command's exit code; its output accumulates in {@link #out} and {@link #err}. */
  int run(String... args) {
    CommandLine cli = MeterCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
