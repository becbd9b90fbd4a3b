/**
 * The Cluster Information Base: immutable records for the configuration and status of a cluster,
 * their Pacemaker XML and YAML formats, and their validation.
 *
 * <p>Every record normalises absent collections to empty immutable ones, so two models read from
 * equivalent documents are {@code equals}. Anything the model does not type (unknown attributes and
 * elements) is kept in {@code otherAttributes} / {@link org.paceline.cib.XmlNode} values and
 * written back, never dropped.
 */
package org.paceline.cib;
