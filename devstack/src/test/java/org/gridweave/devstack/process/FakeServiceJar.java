package org.gridweave.devstack.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packs {@link FakeService} into an executable jar, as a real service would ship. */
final class FakeServiceJar {

  private FakeServiceJar() {}

  static Path build(Path dir) throws IOException {
    String entryName = FakeService.class.getName().replace('.', '/') + ".class";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
    Path jar = dir.resolve("fake-service.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream classBytes = FakeService.class.getResourceAsStream("/" + entryName)) {
      out.putNextEntry(new JarEntry(entryName));
      classBytes.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
