/**
 * Running external tools (ipmitool, fence agents) through the shared process runner, which kills a
 * timed-out tool with its whole process tree.
 */
package org.paceline.fencing.exec;
