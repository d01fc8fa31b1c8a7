package org.gridweave.k8s.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import org.gridweave.k8s.chain.QbftNetwork;
import org.gridweave.k8s.manifests.Invariants;
import org.gridweave.k8s.manifests.Manifests;
import org.gridweave.k8s.secrets.ClusterSecrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./gridweave k8s secrets|render|check|base-images|images|pull-image}. Exit codes: 0 done, 1
 * violations (check) or a missing image (images), 2 refused.
 */
@Command(
    name = "k8s",
    mixinStandardHelpOptions = true,
    subcommands = {
      K8sCli.Secrets.class,
      K8sCli.Render.class,
      K8sCli.Check.class,
      ImageCommands.BaseImagesCommand.class,
      ImageCommands.ImagesCommand.class,
      ImageCommands.PullImageCommand.class
    },
    description =
        "GridWeave on Kubernetes: Secrets and the chain's genesis, rendering, checks, images.")
public final class K8sCli implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new K8sCli());
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        cl.getErr().println("k8s: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return commandLine;
  }

  static Path home() {
    return Path.of(System.getProperty("gridweave.home", ".")).toAbsolutePath().normalize();
  }

  @Command(
      name = "secrets",
      description =
          "Writes fresh Secrets (database, validator keys, operator key, console) and the"
              + " ConfigMap besu-network (genesis with the validators in its extraData, static"
              + " nodes, the contract's address) into a new folder outside the repository.")
  static final class Secrets implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "a new or empty folder")
    Path out;

    @Option(names = "--namespace", defaultValue = "gridweave-dev")
    String namespace;

    @Option(names = "--chain-id", defaultValue = "1981")
    long chainId;

    @Option(names = "--block-period-seconds", defaultValue = "2")
    int blockPeriodSeconds;

    @Option(names = "--request-timeout-seconds", defaultValue = "10")
    int requestTimeoutSeconds;

    @Override
    public Integer call() throws IOException {
      Path folder = out.toAbsolutePath().normalize();
      if (folder.startsWith(home())) {
        throw new IllegalArgumentException(
            "--out "
                + folder
                + " is inside the repository ("
                + home()
                + "): keys never go there, choose a folder outside it");
      }
      ClusterSecrets secrets =
          ClusterSecrets.generate(
              namespace,
              new QbftNetwork.Parameters(chainId, blockPeriodSeconds, requestTimeoutSeconds, 30000),
              new SecureRandom());
      List<Path> written = secrets.writeTo(folder);
      PrintWriter o = spec.commandLine().getOut();
      written.forEach(path -> o.println("wrote " + path));
      o.println("validators: " + secrets.network().validatorAddresses());
      o.println("operator:   " + secrets.network().operator().address());
      o.println(
          "contract:   "
              + secrets.network().contractAddress()
              + " (the operator's first transaction deploys it)");
      o.println("extraData:  " + secrets.network().extraData().toHex());
      o.println(
          "console user '"
              + ClusterSecrets.FIRST_OPERATOR
              + "': password in "
              + folder.resolve(ClusterSecrets.SECRETS_FILE)
              + " (controller-console/users)");
      o.println(
          "next: kubectl create namespace "
              + namespace
              + " && kubectl apply -f "
              + folder
              + " && kubectl apply -k k8s/overlays/<dev|prod>");
      return 0;
    }
  }

  @Command(name = "render", description = "Prints what kubectl kustomize renders for a folder.")
  static final class Render implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "KUSTOMIZATION", description = "e.g. k8s/overlays/dev")
    Path folder;

    @Override
    public Integer call() throws IOException, Manifests.KubectlMissingException {
      spec.commandLine().getOut().print(Manifests.render(folder));
      return 0;
    }
  }

  @Command(
      name = "check",
      description = "Renders each folder and lists every broken invariant (README: Invariants).")
  static final class Check implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "KUSTOMIZATION", arity = "1..*")
    List<Path> folders;

    @Override
    public Integer call() throws IOException, Manifests.KubectlMissingException {
      int broken = 0;
      for (Path folder : folders) {
        if (!Files.isDirectory(folder)) {
          throw new IllegalArgumentException(folder + " is not a folder");
        }
        Manifests manifests = Manifests.renderAndParse(folder);
        List<String> violations = Invariants.check(manifests, ClusterSecrets.documented());
        spec.commandLine()
            .getOut()
            .printf(
                "%s: %d objects, %d violations%n",
                folder, manifests.objects().size(), violations.size());
        violations.forEach(v -> spec.commandLine().getOut().println("  " + v));
        broken += violations.size();
      }
      return broken == 0 ? 0 : 1;
    }
  }
}
