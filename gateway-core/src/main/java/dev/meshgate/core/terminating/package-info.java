/**
 * The terminating gateway: its config entry, the services it links, and how it originates
 * connections to them (plaintext, one-way TLS or mutual TLS).
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.terminating;
