/**
 * Test kits for systems that use meshgate in their own tests: {@link
 * dev.meshgate.testkit.ClientHelloBuilder} writes the bytes a TLS client sends first (server name,
 * ALPN, versions, groups, key shares, extra extensions, GREASE, record split), and {@link
 * dev.meshgate.testkit.TestCa} issues mesh roots, SPIFFE leaf certificates, server and client
 * certificates and their expired or not-yet-valid variants, written as PEM in every key format
 * meshgate's TLS loader reads, and {@link dev.meshgate.testkit.FakeConsulAgent} answers Consul's
 * HTTP API on loopback with blocking queries and injected faults. Not needed at run time.
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.testkit;
