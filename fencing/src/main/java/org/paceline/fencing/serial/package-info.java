/**
 * Serial power switches (jSerialComm): the port with vanish detection, and one {@link
 * org.paceline.fencing.serial.SwitchDialect} per switch family (WTI NPS, WTI RPS-10).
 */
package org.paceline.fencing.serial;
