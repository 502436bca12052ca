package dev.helix.protocol.llamacpp;

/** {@code POST /apply-template}'s answer: the prompt the model would be given. */
public record ApplyTemplateResponse(String prompt) {}
