package org.paceline.unpack;

/**
 * A live migration whose migrate_to succeeded but whose migrate_from never completed, between two
 * nodes that are up (Pacemaker's partial_migration_source and partial_migration_target): the
 * scheduler may continue it only to the same target, from the same source; otherwise it stops and
 * starts the resource instead of migrating it.
 *
 * @param source the node the migrate_to ran on
 * @param target the node it was migrating to
 */
public record PartialMigration(String source, String target) {}
