package dev.peregrine.outputs.cloudwatch;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static dev.peregrine.outputs.cloudwatch.RetryClassifier.Verdict.ALREADY_DONE;
import static dev.peregrine.outputs.cloudwatch.RetryClassifier.Verdict.DROP;
import static dev.peregrine.outputs.cloudwatch.RetryClassifier.Verdict.MISSING_RESOURCE;
import static dev.peregrine.outputs.cloudwatch.RetryClassifier.Verdict.RETRY;
import static dev.peregrine.outputs.cloudwatch.RetryClassifier.Verdict.SEQUENCE_TOKEN;
import static dev.peregrine.outputs.cloudwatch.TestSupport.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudWatchRetryClassifierTest {
    @Test
    void transientServiceErrorsAreRetried() {
        assertEquals(RETRY, RetryClassifier.classify(error("ThrottlingException", 400)));
        assertEquals(RETRY, RetryClassifier.classify(error("ServiceUnavailableException", 503)));
        assertEquals(RETRY, RetryClassifier.classify(error("InternalFailure", 500)));
        assertEquals(RETRY, RetryClassifier.classify(error("LimitExceededException", 400)));
        assertEquals(RETRY, RetryClassifier.classify(error("AccessDeniedException", 400)));
    }

    @Test
    void connectionErrorsAreRetriedAndOnlyThoseAtOnce() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
            new ConnectException("Connection refused"));
        assertEquals(RETRY, RetryClassifier.classify(refused));
        assertTrue(RetryClassifier.isConnectionError(refused));
        assertTrue(RetryClassifier.isConnectionError(new CompletionException(refused)));
        assertFalse(RetryClassifier.isConnectionError(error("ThrottlingException", 400)));
        assertFalse(RetryClassifier.isConnectionError(error("InternalFailure", 500)));
        assertEquals(RETRY, RetryClassifier.classify(ApiCallTimeoutException.create(1000)));
    }

    @Test
    void resourceAndRequestErrors() {
        assertEquals(MISSING_RESOURCE, RetryClassifier.classify(error("ResourceNotFoundException", 400)));
        assertEquals(DROP, RetryClassifier.classify(error("InvalidParameterException", 400)));
        assertEquals(DROP, RetryClassifier.classify(error("SerializationException", 400)));
        assertEquals(ALREADY_DONE, RetryClassifier.classify(error("DataAlreadyAcceptedException", 400)));
        assertEquals(ALREADY_DONE, RetryClassifier.classify(error("ResourceAlreadyExistsException", 400)));
        assertEquals(SEQUENCE_TOKEN, RetryClassifier.classify(error("InvalidSequenceTokenException", 400)));
    }

    @Test
    void wrappedAndQualifiedCodes() {
        assertEquals(MISSING_RESOURCE, RetryClassifier.classify(new CompletionException(
            error("com.amazonaws.logs#ResourceNotFoundException", 400))));
        assertEquals("error='ThrottlingException', message='ThrottlingException message'",
            RetryClassifier.describe(error("ThrottlingException", 400)));
    }
}
