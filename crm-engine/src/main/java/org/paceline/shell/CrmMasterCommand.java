package org.paceline.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.paceline.daemon.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pacemaker's {@code crm_master} for Paceline: the promotion score of the calling agent's resource,
 * {@code master-$OCF_RESOURCE_INSTANCE} (or {@code -r RESOURCE}), through {@link
 * CrmAttributeCommand}; permanent ({@code --lifetime forever}) unless {@code -l} says otherwise, as
 * Pacemaker's wrapper sets it.
 */
@Command(
    name = "crm_master",
    versionProvider = VersionProvider.class,
    description = "Query, update or delete a resource's promotion score (Paceline).")
public final class CrmMasterCommand extends PcmkTool {
  @picocli.CommandLine.Mixin AttributeOptions o = new AttributeOptions();

  @Option(
      names = {"-r", "--resource"},
      paramLabel = "RESOURCE",
      description = "The resource (default: OCF_RESOURCE_INSTANCE).")
  String resource;

  @Option(
      names = {"-i", "--id", "--attr-id"},
      paramLabel = "ID",
      description = "Ignored (the nvpair id is Paceline's).")
  String id;

  CrmMasterCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    super(env, out, err);
  }

  public static void main(String[] args) {
    PcmkTool.main(CrmMasterCommand::new, args);
  }

  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return PcmkTool.run(CrmMasterCommand::new, args, env, out, err);
  }

  @Override
  public Integer call() {
    String rsc = resource != null ? resource : env.get("OCF_RESOURCE_INSTANCE");
    if (rsc == null || rsc.isEmpty()) {
      out.println(
          "This program should normally only be invoked from inside an OCF resource agent.");
      out.println(
          "To set a promotion score from the command line, please specify resource with -r.");
      return 1;
    }
    List<String> args = new ArrayList<>(List.of("-n", "master-" + rsc));
    // Permanent unless -l says otherwise, as Pacemaker's crm_master sets it.
    args.addAll(o.arguments("forever"));
    return CrmAttributeCommand.run(args.toArray(String[]::new), env, out, err);
  }
}
