package dev.meshgate.core.chain;

import dev.meshgate.core.catalog.ServiceName;
import dev.meshgate.core.internal.Problems;
import dev.meshgate.core.internal.Require;
import dev.meshgate.core.naming.TrustDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles discovery chains as Consul's compiler does, once per request and set of entries.
 *
 * <p>{@link #compile(CompileRequest, ChainEntries)} compiles one chain. An instance
 * ({@link #create}) is an incremental compiler over one evolving set of entries: {@link #chain}
 * compiles on first use and caches the result (or the error) together with every entry the
 * compilation looked up, found or not; {@link #update} swaps in a new set and drops only the cached
 * chains that read an entry which changed, so that an edit to one service's router recompiles that
 * service's chain and the chains that route or split to it, not the others.
 *
 * <p>An instance is thread-safe (its methods synchronize; compilation happens off the request
 * path). The chains it returns are immutable.
 */
public final class ChainCompiler {
  private ChainEntries entries;
  private final Map<CompileRequest, Cached> cache = new HashMap<>();
  private final Map<EntryKey, Set<CompileRequest>> readers = new HashMap<>();
  private long compilations;

  private ChainCompiler(ChainEntries entries) {
    this.entries = entries;
  }

  /**
   * Compiles one chain.
   *
   * @param request what to compile
   * @param entries the config entries
   * @return the chain
   * @throws ConfigEntryGraphException with Consul's message when the entries do not form a valid
   *     chain for this service (a loop, an unknown subset, a router on a {@code tcp} service, ...)
   */
  public static CompiledDiscoveryChain compile(CompileRequest request, ChainEntries entries) {
    Require.notNull(request, "request");
    Require.notNull(entries, "entries");
    return ChainCompilation.compile(request, entries, new HashSet<>());
  }

  /**
   * Checks every chain a set of entries defines, as Consul checks the graph when an entry is
   * written: the chain of each service with a router, splitter or resolver entry, compiled in its
   * own namespace and partition.
   *
   * @param entries the entries
   * @param datacenter the datacenter to compile in
   * @param trustDomain the trust domain
   * @return one message per failing chain, {@code service "<name>": <Consul's message>}, in service
   *     order; empty when every chain compiles
   */
  public static List<String> validate(ChainEntries entries, String datacenter, TrustDomain trustDomain) {
    List<String> problems = new ArrayList<>();
    for (ServiceName service : entries.chainServices()) {
      try {
        compile(CompileRequest.of(service, datacenter, trustDomain), entries);
      } catch (ConfigEntryGraphException e) {
        problems.add("service " + Problems.quote(service.toString()) + ": " + e.getMessage());
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Creates an incremental compiler.
   *
   * @param entries the initial entries
   * @return the compiler, with nothing cached
   */
  public static ChainCompiler create(ChainEntries entries) {
    return new ChainCompiler(Require.notNull(entries, "entries"));
  }

  /**
   * Returns the chain for a request, compiling it if no valid cached result exists.
   *
   * @param request what to compile
   * @return the chain
   * @throws ConfigEntryGraphException (a new instance each time, with the cached message) when the
   *     current entries do not form a valid chain for this request
   */
  public synchronized CompiledDiscoveryChain chain(CompileRequest request) {
    Require.notNull(request, "request");
    Cached c = cache.get(request);
    if (c == null) {
      Set<EntryKey> reads = new HashSet<>();
      compilations++;
      try {
        c = new Cached(ChainCompilation.compile(request, entries, reads), null, reads);
      } catch (ConfigEntryGraphException e) {
        c = new Cached(null, e.getMessage(), reads);
      }
      cache.put(request, c);
      for (EntryKey key : reads) {
        readers.computeIfAbsent(key, k -> new HashSet<>()).add(request);
      }
    }
    if (c.chain == null) {
      throw new ConfigEntryGraphException(request.service().name(), c.error);
    }
    return c.chain;
  }

  /**
   * Replaces the entries and drops the cached chains that read an entry which changed (added,
   * removed or modified). The dropped chains compile again on their next {@link #chain} call.
   *
   * @param newEntries the new entries
   * @return the requests whose cached chains were dropped
   */
  public synchronized Set<CompileRequest> update(ChainEntries newEntries) {
    Require.notNull(newEntries, "newEntries");
    Set<EntryKey> changed = entries.changedKeys(newEntries);
    entries = newEntries;
    Set<CompileRequest> dropped = new HashSet<>();
    for (EntryKey key : changed) {
      Set<CompileRequest> requests = readers.get(key);
      if (requests != null) {
        dropped.addAll(requests);
      }
    }
    for (CompileRequest request : dropped) {
      Cached c = cache.remove(request);
      for (EntryKey key : c.reads) {
        Set<CompileRequest> requests = readers.get(key);
        if (requests != null) {
          requests.remove(request);
          if (requests.isEmpty()) {
            readers.remove(key);
          }
        }
      }
    }
    return Set.copyOf(dropped);
  }

  /**
   * Returns the current entries.
   *
   * @return the entries
   */
  public synchronized ChainEntries entries() {
    return entries;
  }

  /**
   * Returns how many compilations this compiler has run (cache misses), for monitoring and tests.
   *
   * @return the count since creation
   */
  public synchronized long compilations() {
    return compilations;
  }

  /**
   * Returns how many chains (or errors) are cached.
   *
   * @return the number of cached requests
   */
  public synchronized int cached() {
    return cache.size();
  }

  @Override
  public synchronized String toString() {
    return "ChainCompiler[" + cache.size() + " cached, " + compilations + " compilations, " + entries + "]";
  }

  private record Cached(CompiledDiscoveryChain chain, String error, Set<EntryKey> reads) {}
}
