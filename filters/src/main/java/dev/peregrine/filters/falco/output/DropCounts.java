package dev.peregrine.filters.falco.output;

/**
 * Kernel-side drop counters over one interval (deltas), as Falco's {@code scap_stats} fields that its
 * {@code Falco internal: syscall event drop} alert reports.
 */
public record DropCounts(long nEvts, long nDrops, long nDropsBuffer, long nDropsBufferCloneForkExit,
                         long nDropsBufferExecveExit, long nDropsBufferConnectExit, long nDropsBufferOpenExit,
                         long nDropsBufferDirFileExit, long nDropsBufferOtherInterestExit,
                         long nDropsBufferCloseExit, long nDropsBufferProcExit, long nDropsScratchMap,
                         long nDropsPageFaults, long nDropsBug) {

    /** Only totals known (e.g. a reader that counts lost ring-buffer records): everything else 0. */
    public static DropCounts of(long nEvts, long nDrops, long nDropsBuffer) {
        return new DropCounts(nEvts, nDrops, nDropsBuffer, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
