package dev.peregrine.outputs.cloudwatch;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failed CloudWatch Logs call means for the events it carried. The engine owns retries (Retry_Limit and
 * backoff), so the output only decides between "try this batch again later" and "these events cannot be
 * delivered"; the few cases that are fixed on the spot (a missing group or stream, an old endpoint's sequence
 * token) are resolved once in place by the output.
 */
final class RetryClassifier {
    private RetryClassifier() {
    }

    enum Verdict {
        /** The service already has these events (DataAlreadyAccepted) or the resource (ResourceAlreadyExists). */
        ALREADY_DONE,
        /** Transient: throttling, 5xx, a dead connection, a timeout, credentials not available yet. */
        RETRY,
        /** The group or stream does not exist: create it (if allowed) and resend once. */
        MISSING_RESOURCE,
        /** An endpoint that still wants sequence tokens answered with the expected one: resend once with it. */
        SEQUENCE_TOKEN,
        /** The request itself is wrong for these events (InvalidParameter, ...): resending cannot help. */
        DROP
    }

    static Verdict classify(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof AwsServiceException s) {
            String code = errorCode(s);
            switch (code) {
                case "DataAlreadyAcceptedException", "ResourceAlreadyExistsException":
                    return Verdict.ALREADY_DONE;
                case "ResourceNotFoundException":
                    return Verdict.MISSING_RESOURCE;
                case "InvalidSequenceTokenException":
                    return Verdict.SEQUENCE_TOKEN;
                case "InvalidParameterException", "SerializationException", "ValidationException",
                     "UnrecognizedOperationException":
                    return Verdict.DROP;
                default:
                    // Throttling, ServiceUnavailable, LimitExceeded, OperationAborted, 5xx, and also 4xx such as
                    // AccessDenied or ExpiredToken: Fluent Bit retries every non-200 answer, and a role or a
                    // credential can be fixed while the engine retries (Retry_Limit bounds it).
                    return Verdict.RETRY;
            }
        }
        // SdkClientException: no connection, connection reset, timeouts, credentials could not be loaded.
        return Verdict.RETRY;
    }

    /** The service's error code, e.g. "ThrottlingException"; "" when there is none. */
    static String errorCode(AwsServiceException s) {
        String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
        if (code == null || code.isEmpty()) {
            // Some endpoints (and mocks) name the type only in the exception class.
            code = s.getClass().getSimpleName();
        }
        int hash = code.indexOf('#');
        return hash >= 0 ? code.substring(hash + 1) : code;
    }

    /** "error='X', message='Y'" as Fluent Bit logs a failed call. */
    static String describe(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof AwsServiceException s) {
            String msg = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
            return "error='" + errorCode(s) + "', message='" + msg + "'";
        }
        return "error='" + e.getClass().getSimpleName() + "', message='" + e.getMessage() + "'";
    }

    /**
     * Whether the SDK may repeat the request at once (auto_retry_requests): only when the connection failed,
     * never for an answer from the service, which the engine retries with backoff.
     */
    static boolean isConnectionError(Throwable t) {
        Throwable e = unwrap(t);
        if (!(e instanceof SdkClientException)) {
            return e instanceof IOException;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
