package org.paceline.membership;

/**
 * How cluster traffic is protected: {@link ClusterTls} (the default, {@code security: tls}: TLS
 * with mutual authentication against the cluster CA) or {@link ClusterKey} ({@code security: key}:
 * SYM_ENCRYPT with a shared 0600 key, the documented fallback).
 */
public sealed interface TransportSecurity permits ClusterTls, ClusterKey {}
