/**
 * The {@code crm} shell: picocli commands for operators. Commands parse arguments, call into the
 * engine, print results and map operating errors to exit codes; they hold no cluster logic.
 */
package org.paceline.shell;
