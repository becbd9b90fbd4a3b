package org.paceline.membership;

import java.net.URI;
import java.nio.file.Path;

/**
 * The {@code webhook:} section of the bootstrap file: where this node POSTs its alert events as
 * JSON (besides the {@code <alerts>} agents), signed with HMAC-SHA256 under a key kept in a file
 * (read by the daemon at start, never logged).
 *
 * @param url an http or https URL
 * @param secretFile the file holding the signing key
 */
public record WebhookSettings(URI url, Path secretFile) {}
