package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.rules.Priority;

import java.time.ZoneId;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Falco's internal alerts ({@code source: internal}), built as {@code falco_outputs::handle_msg} does: JSON without
 * tags, {@code output} is the bare message, {@code output_fields} values are strings; the text line is
 * {@code "<local time>: <Priority> <msg> (k1="v1" k2="v2" ...)"} with keys sorted.
 */
public final class InternalAlerts {
    public static final String SYSCALL_EVENT_DROP = "Falco internal: syscall event drop";

    private InternalAlerts() {
    }

    /**
     * The alert Falco raises when the driver dropped events in the last second ({@code event_drops.cpp}, action
     * {@code alert}); priority Debug. Deciding when to report (threshold, token bucket) is the caller's job.
     */
    public static Alert syscallEventDrop(long tsNanos, DropCounts d, boolean ebpfEnabled, String hostname,
                                         ZoneId zone) {
        String msg = SYSCALL_EVENT_DROP + ". " + d.nDrops() + " system calls dropped in last second.";
        SortedMap<String, Object> f = new TreeMap<>(AlertFormatter.BYTE_ORDER);
        f.put("n_evts", Long.toString(d.nEvts()));
        f.put("n_drops", Long.toString(d.nDrops()));
        f.put("n_drops_buffer_total", Long.toString(d.nDropsBuffer()));
        f.put("n_drops_buffer_clone_fork_exit", Long.toString(d.nDropsBufferCloneForkExit()));
        f.put("n_drops_buffer_execve_exit", Long.toString(d.nDropsBufferExecveExit()));
        f.put("n_drops_buffer_connect_exit", Long.toString(d.nDropsBufferConnectExit()));
        f.put("n_drops_buffer_open_exit", Long.toString(d.nDropsBufferOpenExit()));
        f.put("n_drops_buffer_dir_file_exit", Long.toString(d.nDropsBufferDirFileExit()));
        f.put("n_drops_buffer_other_interest_exit", Long.toString(d.nDropsBufferOtherInterestExit()));
        f.put("n_drops_buffer_close_exit", Long.toString(d.nDropsBufferCloseExit()));
        f.put("n_drops_buffer_proc_exit", Long.toString(d.nDropsBufferProcExit()));
        f.put("n_drops_scratch_map", Long.toString(d.nDropsScratchMap()));
        f.put("n_drops_page_faults", Long.toString(d.nDropsPageFaults()));
        f.put("n_drops_bug", Long.toString(d.nDropsBug()));
        // std::to_string(bool) prints 0/1
        f.put("ebpf_enabled", ebpfEnabled ? "1" : "0");
        return internal(SYSCALL_EVENT_DROP, Priority.DEBUG, msg, f, tsNanos, hostname, zone);
    }

    /** Any internal alert; {@code fields} values must be JSON primitives. */
    public static Alert internal(String rule, Priority priority, String msg, SortedMap<String, Object> fields,
                                 long tsNanos, String hostname, ZoneId zone) {
        StringBuilder text = new StringBuilder(256);
        TimeField.TIME.render(tsNanos, zone, text);
        text.append(": ").append(priority.display()).append(' ').append(msg).append(" (");
        boolean first = true;
        for (var e : fields.entrySet()) {
            if (!first) {
                text.append(' ');
            }
            first = false;
            text.append(e.getKey()).append('=');
            AlertJson.value(text, e.getValue());
        }
        text.append(')');
        return new Alert(rule, Alert.SOURCE_INTERNAL, priority, null, tsNanos, hostname, msg, msg, fields,
                text.toString());
    }
}
