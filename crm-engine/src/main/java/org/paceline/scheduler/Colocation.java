package org.paceline.scheduler;

import org.paceline.cib.Role;

/**
 * A colocation between two top-level resources, unpacked from a constraint or a resource set.
 *
 * @param id the constraint id
 * @param dependent the resource placed relative to the primary
 * @param primary the resource placed first
 * @param score how strongly (+/-1,000,000 mandatory)
 * @param dependentRole the dependent's role the constraint binds, or null
 * @param primaryRole the primary's role the constraint binds, or null
 * @param nodeAttribute the node attribute defining "the same place" (#uname by default)
 */
record Colocation(
    String id,
    Top dependent,
    Top primary,
    int score,
    Role dependentRole,
    Role primaryRole,
    String nodeAttribute) {}
