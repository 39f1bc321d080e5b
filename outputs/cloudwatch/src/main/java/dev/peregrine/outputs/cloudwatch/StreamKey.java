package dev.peregrine.outputs.cloudwatch;

/** A log group and stream: the unit that batches, caches and failures are kept per. */
record StreamKey(String group, String stream) {
    @Override
    public String toString() {
        return group + "/" + stream;
    }
}
