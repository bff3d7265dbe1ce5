/**
 * A certificate authority for tests, public so that other systems can use it in theirs: mesh roots
 * per trust domain, SPIFFE leaf certificates, server and client certificates, expired and
 * not-yet-valid variants, and PEM output in every key format {@code dev.meshgate.tls} loads.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.tls.testing;
