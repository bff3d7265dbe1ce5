/**
 * A test kit for systems that consume ClientHellos: {@link
 * dev.meshgate.sni.testing.ClientHelloBuilder} writes the bytes a TLS client would send, with a
 * chosen server name, ALPN, versions, groups, key shares, extra extensions, GREASE and record
 * split. Not needed at run time.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.sni.testing;
