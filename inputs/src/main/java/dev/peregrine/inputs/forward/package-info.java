/**
 * The {@code forward} input: a server for the Fluentd Forward protocol v1
 * (fluent/fluentd wiki "Forward-Protocol-Specification-v1"), with Fluent Bit 5.1.1's in_forward behaviour: Message,
 * Forward, PackedForward and CompressedPackedForward modes, the v2 entry form {@code [[time, meta], record]}, acks
 * ({@code chunk} option), the secure-forward handshake (HELO/PING/PONG with shared key and users), TLS and Unix
 * sockets.
 *
 * <p>Frames are found by {@link dev.peregrine.inputs.forward.ForwardFrameDecoder}, a bounded incremental msgpack
 * scanner, and read by {@link dev.peregrine.inputs.forward.MsgpackReader} straight from the frame's bytes: record
 * bodies are never decoded here ({@link dev.peregrine.pipeline.event.Event#raw}).
 */
package dev.peregrine.inputs.forward;
