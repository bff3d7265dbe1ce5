package dev.meshgate.sni;

/**
 * What {@link ClientHelloParser} found at the start of a byte stream: a complete {@link
 * ClientHello}, a request for {@link NeedMoreData more data}, a stream that is {@link NotTls not
 * TLS}, a {@link Malformed malformed} hello, or one {@link TooLarge larger} than the configured
 * limit.
 *
 * <p>Every outcome except {@link NeedMoreData} is final: appending bytes to the stream never
 * changes it. Implementations are immutable and thread-safe.
 */
public sealed interface ParseResult permits ClientHello, NeedMoreData, NotTls, Malformed, TooLarge {}
