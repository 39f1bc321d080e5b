package dev.peregrine.filters.falco.rules;

/**
 * One loader error or warning with its location: file, 1-based line/column in that file, and the kind and
 * name of the item it belongs to (empty when not item-specific).
 */
public record LoadMessage(String file, int line, int column, String itemKind, String itemName, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(':').append(line).append(':').append(column).append(": ");
        if (!itemKind.isEmpty()) {
            sb.append(itemKind).append(" '").append(itemName).append("': ");
        }
        return sb.append(message).toString();
    }
}
