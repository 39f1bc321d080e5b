/**
 * The pipeline at run time, as Fluent Bit's engine: chunks per tag, routing by Match/Match_Regex
 * (flb_router.c), flush timer, output results OK/RETRY/ERROR with Retry_Limit and backoff (flb_scheduler.c),
 * Mem_Buf_Limit pause/resume, graceful shutdown within Grace.
 */
package dev.peregrine.pipeline.engine;
