package org.paceline.membership;

import java.nio.file.Path;

/**
 * The {@code http:} section of the bootstrap file: where the daemon serves the status HTTP API and
 * which resource makes a node "active". Validated by {@link NodeConfigLoader}; the daemon turns it
 * into the server's options at start (reading the keystore password file then, so {@code crm},
 * which loads the same file, needs no access to it).
 *
 * @param bindAddress address to listen on
 * @param port TCP port (0 picks a free one)
 * @param activeResource the resource whose location makes a node active (probes, role file), or
 *     null
 * @param activeCode the code of a positive /status/active or /status/standby answer
 * @param inactiveCode the code of a negative one
 * @param user basic-auth user for /, /status and /metrics, or null
 * @param passwordHash that user's PBKDF2 hash, or null
 * @param keystore a PKCS#12 keystore to serve HTTPS with, or null
 * @param keystorePasswordFile a file holding the keystore's password (one line), or null
 * @param clusterTls serve HTTPS with this node's cluster certificate ({@code tls: cluster}), so
 *     clients that trust the cluster CA trust whichever node answers
 */
public record HttpSettings(
    String bindAddress,
    int port,
    String activeResource,
    int activeCode,
    int inactiveCode,
    String user,
    String passwordHash,
    Path keystore,
    Path keystorePasswordFile,
    boolean clusterTls) {}
