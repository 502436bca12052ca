/**
 * llama.cpp's own server endpoints beside its OpenAI API ({@code /health}, {@code /props}, {@code /tokenize},
 * {@code /detokenize}, {@code /apply-template}) as records: Helix answers the ones tools use, and an adapter calls
 * them to fingerprint a llama-server and learn its context and template. Errors there take OpenAI's shape.
 */
package dev.helix.protocol.llamacpp;
