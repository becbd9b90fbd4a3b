package org.paceline.shell;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.paceline.fencing.DeviceResult;
import org.paceline.fencing.DeviceSettings;
import org.paceline.fencing.FenceDevice;
import org.paceline.fencing.config.FencingConfig;
import org.paceline.fencing.config.FencingConfigLoad;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crm fencing test DEVICE -x CIB}: checks that a fence device answers (a status of the
 * device, or of each plug in its host map) without fencing anything.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Check that a fence device answers (status only).")
public final class FencingTestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DEVICE", description = "The stonith resource id.")
  String device;

  @Option(
      names = {"-x", "--xml-file"},
      required = true,
      paramLabel = "CIB",
      description = "CIB XML file.")
  Path cib;

  @Mixin FencingState state;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    int[] exit = {ExitCodes.OK};
    FencingConfigLoad load = state.load(cib, err, exit);
    if (load == null) {
      return exit[0];
    }
    FencingConfig c = load.config();
    FenceDevice d = c.devices().get(device);
    if (d == null) {
      err.println(
          "error: no stonith resource "
              + device
              + " in "
              + cib
              + " (known: "
              + c.devices().keySet()
              + ")");
      return ExitCodes.INVALID_INPUT;
    }
    DeviceSettings s = c.settings().get(device);
    int failures = 0;
    var plugs = s.hostMap().plugByNode();
    if (plugs.isEmpty()) {
      DeviceResult r = d.monitor(s.actionTimeoutMs());
      out.println(device + ": " + (r.ok() ? "OK " : "FAILED ") + r.message());
      failures += r.ok() ? 0 : 1;
    } else {
      for (var e : plugs.entrySet()) {
        DeviceResult r = d.status(e.getValue(), s.actionTimeoutMs());
        out.println(
            device
                + " "
                + e.getKey()
                + " (plug "
                + e.getValue()
                + "): "
                + (r.ok() ? "OK " : "FAILED ")
                + r.message());
        failures += r.ok() ? 0 : 1;
      }
    }
    return failures == 0 ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
  }
}
