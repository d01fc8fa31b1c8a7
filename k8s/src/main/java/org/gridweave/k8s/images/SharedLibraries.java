package org.gridweave.k8s.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared libraries of this machine that a set of ELF files load, as {@code ldd} resolves them
 * (the dynamic loader's own answer, transitive). Libraries inside {@code within} (e.g. a Java
 * runtime's own {@code lib/}) are not listed; names {@code ldd} cannot resolve are.
 *
 * @param libraries path as the loader names it → the real file behind it
 * @param missing "file: library" for every library not found
 */
public record SharedLibraries(Map<String, Path> libraries, Set<String> missing) {
  private static final Pattern ARROW =
      Pattern.compile("^\\s*(\\S+) => (\\S+)(?: \\(0x[0-9a-f]+\\))?$");
  private static final Pattern PLAIN = Pattern.compile("^\\s*(/\\S+) \\(0x[0-9a-f]+\\)$");

  /** Runs {@code ldd} on every ELF file below {@code within}. */
  public static SharedLibraries of(Path within) throws IOException {
    return of(within, List.of());
  }

  /**
   * As {@link #of(Path)}, plus the libraries named in {@code extra} (sonames, looked up beside the
   * C library the loader picked) and what they load: for native code that is not below {@code
   * within} but will be loaded at run time (e.g. from the application's jars).
   */
  public static SharedLibraries of(Path within, List<String> extra) throws IOException {
    List<Path> elves = new ArrayList<>();
    try (var walk = Files.walk(within)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p) && !Files.isSymbolicLink(p) && isElf(p)) {
          elves.add(p);
        }
      }
    }
    Map<String, Path> libraries = new TreeMap<>();
    Set<String> missing = new TreeSet<>();
    Path root = within.toAbsolutePath().normalize();
    for (Path elf : elves) {
      for (String line : ldd(elf)) {
        Matcher arrow = ARROW.matcher(line);
        Matcher plain = PLAIN.matcher(line);
        String path;
        if (arrow.matches()) {
          if (arrow.group(2).equals("not")) {
            missing.add(root.relativize(elf) + ": " + arrow.group(1));
            continue;
          }
          path = arrow.group(2);
        } else if (plain.matches()) {
          path = plain.group(1); // the dynamic loader itself
        } else {
          continue; // linux-vdso.so.1 (in the kernel), "statically linked"
        }
        Path file = Path.of(path).toAbsolutePath().normalize();
        if (!file.startsWith(root)) {
          libraries.put(path, file.toRealPath());
        }
      }
    }
    if (!extra.isEmpty()) {
      String libc =
          libraries.keySet().stream()
              .filter(l -> l.endsWith("/libc.so.6"))
              .findFirst()
              .orElseThrow(() -> new IOException("ldd found no libc.so.6 for " + within));
      Path dir = Path.of(libc).getParent();
      for (String soname : extra) {
        Path library = dir.resolve(soname);
        if (!Files.isRegularFile(library)) {
          missing.add("extra: " + soname + " (not in " + dir + ")");
          continue;
        }
        libraries.put(library.toString(), library.toRealPath());
        for (String line : ldd(library)) {
          Matcher arrow = ARROW.matcher(line);
          if (arrow.matches() && !arrow.group(2).equals("not")) {
            libraries.put(arrow.group(2), Path.of(arrow.group(2)).toRealPath());
          } else if (arrow.matches()) {
            missing.add(soname + ": " + arrow.group(1));
          }
        }
      }
    }
    return new SharedLibraries(Map.copyOf(libraries), Set.copyOf(missing));
  }

  static boolean isElf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 0x7f
          && magic[1] == 'E'
          && magic[2] == 'L'
          && magic[3] == 'F';
    }
  }

  /** True when {@code ldd} says the file loads no shared library (e.g. busybox-static). */
  public static boolean isStatic(Path file) throws IOException {
    return ldd(file).stream()
        .anyMatch(l -> l.contains("not a dynamic executable") || l.contains("statically linked"));
  }

  private static List<String> ldd(Path elf) throws IOException {
    Process process = new ProcessBuilder("ldd", elf.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("ldd " + elf + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running ldd " + elf, e);
    }
    return out.lines().toList();
  }
}
