package org.paceline.agents;

import java.util.Optional;

/**
 * One action an agent declares in its meta-data, with its advised timeout and interval.
 *
 * @param role the role a recurring monitor applies to (Promoted/Unpromoted), if given
 */
public record ActionSpec(
    String name, Optional<Long> timeoutMs, Optional<Long> intervalMs, Optional<String> role) {}
