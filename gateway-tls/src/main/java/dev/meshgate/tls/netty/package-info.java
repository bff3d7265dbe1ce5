/**
 * Netty {@code SslContext} adapters for the contexts of {@code dev.meshgate.tls}. Netty is an
 * optional dependency: only code that uses this package needs {@code netty-handler}.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.tls.netty;
