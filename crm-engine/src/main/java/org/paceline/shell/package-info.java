/**
 * The {@code crm} shell: picocli commands for operators. Commands parse arguments, call into the
 * engine, print results and map operating errors to exit codes; they hold no cluster logic. It also
 * holds the installed {@code paceline} program's root ({@code PacelineProgram}: the daemon's
 * command with the {@code demo} subcommand), since user entry points sit above the daemon.
 */
package org.paceline.shell;
