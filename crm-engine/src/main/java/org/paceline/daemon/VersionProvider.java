package org.paceline.daemon;

import picocli.CommandLine.IVersionProvider;

/**
 * The {@code --version} text of every Paceline program ({@code paceline}, {@code crm} and the
 * Pacemaker-compatible tools): the version from the jar manifest, or "development build" when run
 * from classes. It lives with the daemon so that the daemon's command and the shell's share it.
 */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"Paceline " + (v == null ? "development build" : v)};
  }
}
