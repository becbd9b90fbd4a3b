package org.paceline.shell;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development" when run from classes. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = CrmCommand.class.getPackage().getImplementationVersion();
    return new String[] {"Paceline " + (v == null ? "development build" : v)};
  }
}
