package org.gridweave.k8s.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Maven build that makes and pushes our five images with Jib (profile {@code images} of each
 * module; the Besu plugin's also needs its default profile named, {@code besu-api-subset}).
 *
 * @param registry HOST[:PORT] the images are pushed to
 * @param group the repository's first part ({@code gridweave})
 * @param tag the images' tag
 * @param jvmBase a {@code tar://} base for the Java images instead of the pinned upstream one
 * @param shellBase a {@code tar://} base for the plugin image instead of the pinned busybox
 * @param insecure plain HTTP to the registry (a local one)
 * @param images which of {@link #IMAGES} to build
 */
public record ImageBuild(
    String registry,
    String group,
    String tag,
    Optional<Path> jvmBase,
    Optional<Path> shellBase,
    boolean insecure,
    List<Image> images) {

  /** One of our images and the module whose {@code images} profile builds it. */
  public record Image(String name, String module) {}

  public static final List<Image> IMAGES =
      List.of(
          new Image("meter-gateway", "meter-gateway"),
          new Image("forecasting", "forecasting"),
          new Image("grid-controller", "grid-controller"),
          new Image("simulations", "simulations"),
          new Image("besu-plugin", "besu-plugin/plugin"));

  public ImageBuild {
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no image to build");
    }
    if (!registry.matches("[A-Za-z0-9.-]+(:\\d+)?")) {
      throw new IllegalArgumentException("--registry '" + registry + "' is not HOST[:PORT]");
    }
    if (!group.matches("[a-z0-9]+([._-][a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "group '" + group + "' is not a lower-case repository path component");
    }
    if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") || tag.equals("latest")) {
      throw new IllegalArgumentException(
          "tag '" + tag + "' is not a pinned tag (not 'latest', [A-Za-z0-9_.-])");
    }
  }

  /** The images named (comma-separated; empty or null: all five). */
  public static List<Image> select(String names) {
    if (names == null || names.isBlank()) {
      return IMAGES;
    }
    List<Image> selected = new ArrayList<>();
    for (String name : names.split(",")) {
      selected.add(
          IMAGES.stream()
              .filter(i -> i.name().equals(name.strip()))
              .findFirst()
              .orElseThrow(() ->
                  new IllegalArgumentException(
                      "no image '"
                          + name.strip()
                          + "'; known: "
                          + IMAGES.stream().map(Image::name).toList())));
    }
    return selected;
  }

  /** The repository of an image inside the registry, e.g. {@code gridweave/meter-gateway}. */
  public String repository(Image image) {
    return group + "/" + image.name();
  }

  public String reference(Image image) {
    return registry + "/" + repository(image) + ":" + tag;
  }

  /** {@code mvn} and its arguments, to run from the repository's root. */
  public List<String> mavenCommand(String mvn) {
    List<String> command =
        new ArrayList<>(
            List.of(
                mvn,
                "-B",
                "-fae",
                "-Pimages,besu-api-subset",
                "package",
                "-DskipTests",
                "-pl",
                String.join(",", images.stream().map(Image::module).toList()),
                "-am",
                "-Dgridweave.image.registry=" + registry,
                "-Dgridweave.image.group=" + group,
                "-Dgridweave.image.tag=" + tag,
                "-Dquarkus.container-image.push=true"));
    jvmBase.ifPresent(p -> command.add("-Dgridweave.image.jvm-base=tar://" + p.toAbsolutePath()));
    shellBase.ifPresent(
        p -> command.add("-Dgridweave.image.shell-base=tar://" + p.toAbsolutePath()));
    if (insecure) {
      command.addAll(
          List.of(
              "-Dquarkus.container-image.insecure=true",
              "-Djib.allowInsecureRegistries=true",
              "-DsendCredentialsOverHttp=true"));
    }
    return command;
  }
}
