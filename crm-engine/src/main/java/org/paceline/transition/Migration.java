package org.paceline.transition;

/**
 * The nodes a resource migrates between in one transition, from its migrate_to and migrate_from
 * actions.
 *
 * @param source the node of its migrate_to, or null when the transition has none
 * @param target the node of its migrate_from, or null when the transition has none
 */
public record Migration(String source, String target) {}
