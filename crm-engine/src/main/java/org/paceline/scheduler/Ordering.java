package org.paceline.scheduler;

/**
 * An order between two top-level resources, unpacked from a constraint or a resource set.
 *
 * @param id the constraint id
 * @param first the resource ordered first
 * @param firstAction its action (start, promote, stop, demote)
 * @param then the resource ordered after
 * @param thenAction its action
 * @param mandatory whether then cannot happen unless first can (kind Mandatory)
 * @param symmetrical whether the inverse order applies to the inverse actions
 */
record Ordering(
    String id,
    Top first,
    String firstAction,
    Top then,
    String thenAction,
    boolean mandatory,
    boolean symmetrical) {}
