/** IPMI 2.0 (lanplus) fencing through {@code ipmitool}. */
package org.paceline.fencing.ipmi;
