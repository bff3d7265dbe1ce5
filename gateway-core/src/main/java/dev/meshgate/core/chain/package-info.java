/**
 * Consul's discovery chain: the {@code service-router}, {@code service-splitter} and
 * {@code service-resolver} config entries, compiled per service into a graph of router, splitter
 * and resolver nodes and a set of targets, exactly as Consul's chain compiler does, and evaluated
 * per request as the proxy Consul configures (Envoy) would evaluate it.
 *
 * <ul>
 *   <li>Entries: {@link dev.meshgate.core.chain.ServiceRouter}, {@link
 *       dev.meshgate.core.chain.ServiceSplitter} and {@link dev.meshgate.core.chain.ServiceResolver},
 *       built and validated with Consul's messages, every problem at once; {@link
 *       dev.meshgate.core.chain.ChainEntries} holds them with the {@code service-defaults} and
 *       {@code proxy-defaults} facts the compiler reads.
 *   <li>Compilation: {@link dev.meshgate.core.chain.ChainCompiler} turns a {@link
 *       dev.meshgate.core.chain.CompileRequest} into a {@link
 *       dev.meshgate.core.chain.CompiledDiscoveryChain} (the value Consul's
 *       {@code /v1/discovery-chain/<service>} returns), and recompiles incrementally: a chain is
 *       compiled again only when an entry it read changed.
 *   <li>Evaluation: {@link dev.meshgate.core.chain.ChainRouter} binds a compiled chain to endpoints
 *       and routes one {@link dev.meshgate.core.chain.ChainRequest} to a {@link
 *       dev.meshgate.core.chain.ChainDecision}, which picks an endpoint by the resolver's load
 *       balancer.
 * </ul>
 *
 * <p>No method in this package accepts or returns {@code null} unless its documentation says so.
 */
package dev.meshgate.core.chain;
