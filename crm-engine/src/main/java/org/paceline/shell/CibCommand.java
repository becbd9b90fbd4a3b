package org.paceline.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.cib.CibDocument;
import org.paceline.cib.CibFiles;
import org.paceline.cib.CibFormatException;
import org.paceline.cib.CibValidator;
import org.paceline.cib.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crm cib ...}: work with CIB documents offline. */
@Command(
    name = "cib",
    description = "Work with CIB documents (Pacemaker XML or YAML).",
    mixinStandardHelpOptions = true,
    subcommands = {CibCommand.Convert.class})
public final class CibCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code crm cib convert --from FILE --to xml|yaml [-o OUT]}. */
  @Command(
      name = "convert",
      description =
          "Convert a CIB between Pacemaker XML and YAML. The input is validated first; an invalid"
              + " CIB is not converted and no output file is written.",
      mixinStandardHelpOptions = true)
  static final class Convert implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "FILE",
        description = "Input CIB (.xml or .yaml; else detected from content).")
    Path from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "FORMAT",
        description = "Output format: xml or yaml.")
    String to;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write here (atomically) instead of standard output.")
    Path output;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      CibFiles.Format format;
      try {
        format = CibFiles.Format.parse(to);
      } catch (IllegalArgumentException e) {
        err.println("error: --to: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      CibDocument doc;
      try {
        doc = CibFiles.read(from);
      } catch (CibFormatException e) {
        e.problems().forEach(p -> err.println("error: " + p));
        return Files.isRegularFile(from) ? ExitCodes.INVALID_INPUT : ExitCodes.NO_INPUT;
      }
      doc.readWarnings().forEach(err::println);
      List<Problem> problems = CibValidator.validate(doc.cib());
      problems.forEach(p -> err.println(p.format(doc.locations())));
      if (CibValidator.hasErrors(problems)) {
        err.println("not converted: " + from + " is invalid");
        return ExitCodes.INVALID_INPUT;
      }
      String text = CibFiles.write(doc.cib(), format);
      if (output == null) {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
      try {
        CibFiles.writeAtomically(output, text);
      } catch (IOException e) {
        err.println("error: cannot write " + output + ": " + e.getMessage());
        return ExitCodes.CANT_CREATE;
      }
      return ExitCodes.OK;
    }
  }
}
