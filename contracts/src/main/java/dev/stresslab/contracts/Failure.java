package dev.stresslab.contracts;

/**
 * Why a prompt could not be completed. {@code kind} is a stable machine-readable word
 * (TIMEOUT, RATE_LIMITED, SERVER_ERROR, CLIENT_ERROR, CONNECTION, BAD_RESPONSE, UNKNOWN_ENDPOINT);
 * {@code message} is for people and never contains credentials.
 */
public record Failure(String kind, String message, Integer httpStatus) {
}
