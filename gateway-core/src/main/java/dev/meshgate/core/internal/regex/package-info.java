/**
 * The one RE2/J wrapper of core, shared by the discovery chain and intentions: compiling a regex,
 * matching whole request values with a literal-prefix fast path, and the rules of which regexes
 * meshgate accepts where Envoy will run them. Not API: this package is not exported.
 */
package dev.meshgate.core.internal.regex;
