package dev.peregrine.outputs.file;

import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;

import java.util.List;
import java.util.Locale;

/**
 * out_file's options, validated as cb_file_init does: an unknown Format fails the instance; Delimiter and
 * Label_Delimiter accept only {@code \t}/tab, space and comma (anything else keeps the format's default: csv ",",
 * ltsv tab and ":").
 *
 * @param path           directory, or null
 * @param file           file name, or null for the (sanitised) tag
 * @param format         line format
 * @param delimiter      field delimiter (csv, ltsv)
 * @param labelDelimiter label delimiter (ltsv)
 * @param template       template text (template format)
 * @param csvColumnNames write a header line to an empty file (csv)
 * @param mkdir          create missing directories
 */
public record FileOptions(String path, String file, FileFormat format, String delimiter, String labelDelimiter,
                          String template, boolean csvColumnNames, boolean mkdir) {
    public static final OptionSpec PATH = OptionSpec.str("path", null, "Absolute path to store the files. This "
            + "parameter is optional");
    public static final OptionSpec FILE = OptionSpec.str("file", null, "Name of the target file to write the "
            + "records. If 'path' is specified, the value is prefixed");
    public static final OptionSpec FORMAT = OptionSpec.str("format", null, "Specify the output data format, the "
            + "available options are: plain (json), csv, ltsv, template and msgpack. If no value is set the outgoing "
            + "data is formatted using the tag and the record in json");
    public static final OptionSpec DELIMITER = OptionSpec.str("delimiter", null,
            "Set a custom delimiter for the records");
    public static final OptionSpec LABEL_DELIMITER = OptionSpec.str("label_delimiter", null,
            "Set a custom label delimiter, to be used with 'ltsv' format");
    public static final OptionSpec TEMPLATE = OptionSpec.str("template", "{time} {message}",
            "Set a custom template format for the data");
    public static final OptionSpec CSV_COLUMN_NAMES = OptionSpec.bool("csv_column_names", "false",
            "Add column names (keys) in the first line of the target file");
    public static final OptionSpec MKDIR = OptionSpec.bool("mkdir", "false",
            "Recursively create output directory if it does not exist. Permissions set to 0755");

    public static final List<OptionSpec> SPECS = List.of(PATH, FILE, FORMAT, DELIMITER, LABEL_DELIMITER, TEMPLATE,
            CSV_COLUMN_NAMES, MKDIR);

    public static FileOptions from(Options o) throws PluginConfigException {
        return of(o.str(PATH), o.str(FILE), o.str(FORMAT), o.str(DELIMITER), o.str(LABEL_DELIMITER),
                o.str(TEMPLATE), o.bool(CSV_COLUMN_NAMES), o.bool(MKDIR));
    }

    public static FileOptions of(String path, String file, String format, String delimiter, String labelDelimiter,
                                 String template, boolean csvColumnNames, boolean mkdir)
            throws PluginConfigException {
        FileFormat f = FileFormat.OUT_FILE;
        String delim = null;
        String label = null;
        if (format != null) {
            f = FileFormat.parse(format);
            if (f == null) {
                throw new PluginConfigException("unknown format " + format + ". abort.");
            }
            if (f == FileFormat.CSV) {
                delim = ",";
            } else if (f == FileFormat.LTSV) {
                delim = "\t";
                label = ":";
            }
        }
        String d = delimiterValue(delimiter);
        if (d != null) {
            delim = d;
        }
        String l = delimiterValue(labelDelimiter);
        if (l != null) {
            label = l;
        }
        return new FileOptions(path, file, f, delim, label, template == null ? "{time} {message}" : template,
                csvColumnNames, mkdir);
    }

    /** check_delimiter: the only accepted spellings. */
    static String delimiterValue(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "\\t", "tab" -> "\t";
            case "space" -> " ";
            case "comma" -> ",";
            default -> null;
        };
    }
}
