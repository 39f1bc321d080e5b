package dev.peregrine.filters.falco.compile;

/**
 * Per-event results of shared subconditions, kept by a {@link FieldSource} that knows when its event changes. Rules
 * repeat the same macros ({@code open_write}, {@code spawned_process}, {@code container}); with a memo each one is
 * evaluated once per event however many candidate rules contain it ({@link SharedConditions}). Sources without a
 * memo simply evaluate the subcondition every time.
 *
 * <p>Slots are process-wide ({@link SharedConditions#newSlot()}), so rule sets sharing a source never collide.
 */
public interface ConditionMemo {
    /** The result stored for {@code slot} for the current event: 0 none, 1 false, 2 true. */
    int memo(int slot);

    void memo(int slot, boolean result);
}
