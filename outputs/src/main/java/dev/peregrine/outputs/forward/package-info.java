/**
 * The {@code forward} output: a client of the Fluentd Forward protocol v1
 * (fluent/fluentd wiki "Forward-Protocol-Specification-v1") that sends what Fluent Bit 5.1.1's out_forward sends:
 * Forward mode frames whose entries keep their metadata ({@code [[EventTime, meta], record]}), or gzip
 * CompressedPackedForward, with an options map (map32 header), acks ({@code chunk}/{@code ack}), the secure-forward
 * handshake and TLS. Chunks that keep Fluent Bit's layout are sent as their msgpack bytes, never re-encoded.
 */
package dev.peregrine.outputs.forward;
