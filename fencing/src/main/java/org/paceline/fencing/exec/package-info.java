/** Running external tools (ipmitool, fence agents) with a kill-on-timeout watchdog. */
package org.paceline.fencing.exec;
