/**
 * Analysis of intention sets by what they decide rather than by how they are written: {@link
 * dev.meshgate.core.intentions.analysis.IntentionDiff#between} finds every class of requests that
 * two sets (or two default policies) decide differently, each with a concrete {@link
 * dev.meshgate.core.intentions.analysis.Witness} that the evaluator was run on.
 *
 * <p>The analysis reads the same normalized, precedence-ordered intentions that {@link
 * dev.meshgate.core.intentions.IntentionSet} decides with, so the two cannot drift apart, and it
 * checks every witness with the evaluator before reporting it. Caller and destination names form a
 * finite partition (the names the rules mention, and "any other"); paths and header values are
 * regular languages, handled as automata.
 *
 * <p>Every type here is immutable and thread-safe; no method accepts or returns {@code null}.
 */
package dev.meshgate.core.intentions.analysis;
