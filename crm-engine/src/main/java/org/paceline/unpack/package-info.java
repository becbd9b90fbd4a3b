/**
 * The unpack: what a CIB snapshot means at a given "now" before anything is decided, as Pacemaker's
 * lib/pengine/unpack.c stands apart from its scheduler. It completes the configuration (templates,
 * guest nodes, cluster property rules, resource meta attributes with their defaults, rules) and
 * reads the status section into nodes, active instances, fail counts and failures. The scheduler
 * and the status displays both build on it; it depends only on the CIB model.
 */
package org.paceline.unpack;
