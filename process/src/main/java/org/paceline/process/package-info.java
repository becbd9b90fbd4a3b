/**
 * The one way Paceline starts external processes: OCF agents and their helpers, fence agents,
 * ipmitool. One kill rule for all of them: on timeout the whole process group and every visible
 * descendant die, re-parented grandchildren included.
 */
package org.paceline.process;
