/**
 * Finding LLM servers: a {@link dev.helix.providers.discovery.Fingerprinter} tells which
 * {@link dev.helix.providers.upstream.ServerKind} answers at a base URL (ports collide, so it asks fingerprint
 * endpoints instead of trusting the port) and lists its models; {@link dev.helix.providers.discovery.Discovery} does
 * that for every configured host and port, within bounded time, once or on an interval.
 */
package dev.helix.providers.discovery;
