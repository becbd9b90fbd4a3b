/**
 * Mapping from the CIB (stonith primitives, {@code fencing-topology}, cluster properties) to the
 * fencing module's device and fencer configuration. It lives in crm-engine because the fencing
 * module knows nothing of the CIB.
 */
package org.paceline.fencing.config;
