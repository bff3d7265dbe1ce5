package dev.meshgate.examples;

import java.io.PrintStream;

/**
 * Where a command's results and its progress and errors go: standard output and standard error
 * for the program, captured streams in tests.
 *
 * @param out where results go
 * @param err where progress, warnings and errors go
 */
public record Io(PrintStream out, PrintStream err) {}
