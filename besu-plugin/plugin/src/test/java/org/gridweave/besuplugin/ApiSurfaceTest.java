package org.gridweave.besuplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hyperledger.besu.plugin.BesuPlugin;
import org.junit.jupiter.api.Test;

/**
 * The plugin API surface the plugin is compiled against, as erased signatures (what the bytecode
 * links to): {@code besu-api-surface.txt} lists it, written from BESU-PLUGIN-API.md. Against the
 * subset the surface must be exactly that list; against Besu's real API ({@code -Pbesu-upstream})
 * every listed kind, supertype and member must be there, so a drift between the subset and Besu
 * 26.8.0 fails here rather than inside a node.
 */
class ApiSurfaceTest {

  /** Marks a line the subset assumed rather than took from the facts. */
  private static final String ASSUMED = "~ ";

  @Test
  void everyFactIsOnTheClassPath() throws Exception {
    List<String> facts = expected().stream().filter(line -> !line.startsWith(ASSUMED)).toList();

    TreeSet<String> actual = surface(types(facts));

    assertThat(actual).containsAll(facts);
  }

  @Test
  void theSubsetDeclaresTheFactsAndItsAssumptionsOnly() throws Exception {
    assumeTrue(
        isSubset(), "NOTICE: compiled against Besu's real API, which declares more, as it should");
    List<String> expected =
        expected().stream().map(line -> line.replaceFirst("^" + ASSUMED, "")).toList();

    assertThat(surface(types(expected))).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static boolean isSubset() {
    var source = BesuPlugin.class.getProtectionDomain().getCodeSource();
    return source != null && source.getLocation().toString().contains("api-subset");
  }

  private static List<String> expected() throws IOException {
    try (InputStream in = ApiSurfaceTest.class.getResourceAsStream("/besu-api-surface.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    }
  }

  private static List<Class<?>> types(List<String> lines) throws ClassNotFoundException {
    List<Class<?>> types = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.split(" ");
      if (List.of("class", "interface", "enum").contains(words[0])) {
        types.add(Class.forName(words[1]));
      }
    }
    return types;
  }

  /** One line per type kind, supertype and public or protected member, erased. */
  private static TreeSet<String> surface(List<Class<?>> types) {
    TreeSet<String> lines = new TreeSet<>();
    for (Class<?> type : types) {
      String name = type.getName();
      lines.add(kind(type) + " " + name);
      if (type.getSuperclass() != null
          && type.getSuperclass() != Object.class
          && type.getSuperclass() != Enum.class) {
        lines.add(name + " extends " + type.getSuperclass().getName());
      }
      for (Class<?> face : type.getInterfaces()) {
        lines.add(name + " extends " + face.getName());
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers()) && !type.isEnum()) {
          lines.add(
              name
                  + " "
                  + access(constructor.getModifiers())
                  + "new"
                  + params(constructor.getParameterTypes()));
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers())
            && !method.isSynthetic()
            && !isEnumHelper(type, method)
            && !isObjectMethod(method)) {
          lines.add(
              name
                  + " "
                  + access(method.getModifiers())
                  + (method.isDefault() ? "default " : "")
                  + (Modifier.isStatic(method.getModifiers()) ? "static " : "")
                  + (Modifier.isFinal(method.getModifiers()) ? "final " : "")
                  + method.getReturnType().getTypeName()
                  + " "
                  + method.getName()
                  + params(method.getParameterTypes()));
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers()) && !field.isSynthetic()) {
          lines.add(name + " field " + field.getType().getTypeName() + " " + field.getName());
        }
      }
    }
    return lines;
  }

  private static String kind(Class<?> type) {
    return type.isEnum() ? "enum" : type.isInterface() ? "interface" : "class";
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String access(int modifiers) {
    return Modifier.isProtected(modifiers) ? "protected " : "";
  }

  private static boolean isEnumHelper(Class<?> type, Method method) {
    return type.isEnum() && List.of("values", "valueOf").contains(method.getName());
  }

  private static boolean isObjectMethod(Method method) {
    try {
      Object.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException notObjects) {
      return false;
    }
  }

  private static String params(Class<?>[] types) {
    List<String> names = new ArrayList<>();
    for (Class<?> type : types) {
      names.add(type.getTypeName());
    }
    return "(" + String.join(", ", names) + ")";
  }
}
