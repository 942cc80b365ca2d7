package dev.kiln.local;

import java.nio.file.Path;

/** A sorted segment of a spill file holding one reduce partition's records. */
record ShuffleRun(Path file, long start, long end) {}
