/**
 * Pacemaker's alerts: the {@code <alerts>} section read as {@link org.paceline.alert.Alert}s, each
 * node's events ({@link org.paceline.alert.AlertEvent}: node membership, fencing, resource
 * operations, attributes) given to the alert agents with Pacemaker's {@code CRM_alert_*}
 * environment by the {@link org.paceline.alert.AlertDispatcher}, which never blocks the daemon and,
 * beyond Pacemaker, retries a failed delivery.
 */
package org.paceline.alert;
