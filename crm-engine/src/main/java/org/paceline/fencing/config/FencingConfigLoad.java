package org.paceline.fencing.config;

import java.util.List;

/**
 * The result of reading the fencing configuration: a config, or the problems that prevent one.
 *
 * @param config the configuration, or null when {@code problems} is not empty
 * @param problems one operator message per problem (device id and parameter named)
 */
public record FencingConfigLoad(FencingConfig config, List<String> problems) {
  public FencingConfigLoad {
    problems = List.copyOf(problems);
    if ((config == null) == problems.isEmpty()) {
      throw new IllegalArgumentException("either a config or problems");
    }
  }
}
