package org.vigie.common.recordlog;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.vigie.common.State;

/** The byte layout of a record log; docs/record-log.md is its specification. All integers big-endian. */
final class RecordLogFormat {

    static final byte[] MAGIC = "VIGIELOG".getBytes(StandardCharsets.US_ASCII);
    /** magic 8, version 2, record size 2, header length 4, metadata length 4. */
    static final int HEADER_FIXED = 20;
    static final int CRC_SIZE = 4;
    /** Metadata is a few hundred bytes; this bound stops a garbage length from allocating gigabytes. */
    static final int MAX_METADATA = 1 << 20;

    /**
     * How the records of one format version are laid out. New logs are written in {@link #CURRENT}; a log
     * keeps the version it was created with, and both are read.
     */
    enum Layout {
        /** time 8, value 8, state 1, reserved 3, CRC-32C 4. */
        V1(1, 24, 16) {
            @Override
            void put(ByteBuffer b, long timeMicros, double value, State state, int partition, long offset, float score) {
                b.putLong(timeMicros).putDouble(value).put(state.code()).put((byte) 0).putShort((short) 0);
            }

            @Override
            LogRecord read(ByteBuffer b, int at, State state) {
                return new LogRecord(b.getLong(at), b.getDouble(at + 8), state);
            }
        },
        /** time 8, value 8, Kafka offset 8, partition 4, score 4 (float32), state 1, reserved 3, CRC-32C 4. */
        V2(2, 40, 32) {
            @Override
            void put(ByteBuffer b, long timeMicros, double value, State state, int partition, long offset, float score) {
                b.putLong(timeMicros).putDouble(value).putLong(offset).putInt(partition).putFloat(score)
                        .put(state.code()).put((byte) 0).putShort((short) 0);
            }

            @Override
            LogRecord read(ByteBuffer b, int at, State state) {
                return new LogRecord(b.getLong(at), b.getDouble(at + 8), state, b.getInt(at + 24), b.getLong(at + 16), b.getFloat(at + 28));
            }
        };

        static final Layout CURRENT = V2;

        final int version;
        final int recordSize;
        /** Where the state byte is; three zero bytes follow it, then the CRC-32C of everything before those. */
        private final int stateAt;

        Layout(int version, int recordSize, int stateAt) {
            this.version = version;
            this.recordSize = recordSize;
            this.stateAt = stateAt;
        }

        /** Whether records carry their Kafka partition and offset (and score). */
        boolean hasSource() {
            return this != V1;
        }

        abstract void put(ByteBuffer b, long timeMicros, double value, State state, int partition, long offset, float score);

        abstract LogRecord read(ByteBuffer b, int at, State state);

        private int crcOffset() {
            return recordSize - CRC_SIZE;
        }

        /** Writes one record at the buffer's position. */
        void putRecord(ByteBuffer b, long timeMicros, double value, State state, int partition, long offset, float score) {
            int start = b.position();
            put(b, timeMicros, value, state, partition, offset, score);
            // The checksum of what was just put, read through the buffer's own bounds: no view object per record.
            int end = b.position();
            int limit = b.limit();
            CRC32C crc = new CRC32C();
            crc.update(b.limit(end).position(start));
            b.limit(limit);
            b.putInt((int) crc.getValue());
        }

        /**
         * Reads the record at {@code b}'s absolute index {@code at}; null when its checksum, reserved bytes or
         * state code do not check out.
         */
        LogRecord getRecord(ByteBuffer b, int at) {
            CRC32C crc = new CRC32C();
            crc.update(b.slice(at, crcOffset()));
            if ((int) crc.getValue() != b.getInt(at + crcOffset())) {
                return null;
            }
            State state = State.ofCode(b.get(at + stateAt));
            if (state == null || b.get(at + stateAt + 1) != 0 || b.getShort(at + stateAt + 2) != 0) {
                return null;
            }
            return read(b, at, state);
        }

        static Layout of(int version) {
            for (Layout l : values()) {
                if (l.version == version) {
                    return l;
                }
            }
            return null;
        }
    }

    private RecordLogFormat() {}

    /** A decoded header: its metadata, where the first record starts, and the records' layout. */
    record Header(LogMetadata metadata, int length, Layout layout) {}

    static ByteBuffer encodeHeader(LogMetadata metadata, Layout layout) {
        byte[] meta = metadata.encode();
        int length = HEADER_FIXED + meta.length + CRC_SIZE;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(MAGIC).putShort((short) layout.version).putShort((short) layout.recordSize).putInt(length).putInt(meta.length).put(meta);
        b.putInt(crc(b.array(), 0, length - CRC_SIZE));
        return b.flip();
    }

    static Header readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < HEADER_FIXED + CRC_SIZE) {
            throw new RecordLogException(file, 0, size == 0 ? "empty file, not a record log" : "not a record log (file too short for a header)");
        }
        ByteBuffer fixed = readFully(ch, 0, HEADER_FIXED);
        byte[] magic = new byte[MAGIC.length];
        fixed.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new RecordLogException(file, 0, "not a record log (no VIGIELOG magic)");
        }
        int version = Short.toUnsignedInt(fixed.getShort());
        Layout layout = Layout.of(version);
        if (layout == null) {
            throw new RecordLogException(file, 8, "record log format version " + version + " is not supported (this program reads versions 1 and 2;"
                    + " a newer Vigie wrote it)");
        }
        int recordSize = Short.toUnsignedInt(fixed.getShort());
        int length = fixed.getInt();
        int metaLength = fixed.getInt();
        if (recordSize != layout.recordSize || metaLength < 0 || metaLength > MAX_METADATA || length != HEADER_FIXED + metaLength + CRC_SIZE) {
            throw new RecordLogException(file, 10, "corrupt header (sizes do not add up)");
        }
        if (size < length) {
            throw new RecordLogException(file, 0, "truncated header (" + size + " of " + length + " bytes)");
        }
        ByteBuffer whole = readFully(ch, 0, length);
        int stored = whole.getInt(length - CRC_SIZE);
        if (stored != crc(whole.array(), 0, length - CRC_SIZE)) {
            throw new RecordLogException(file, length - CRC_SIZE, "corrupt header (checksum mismatch)");
        }
        byte[] meta = new byte[metaLength];
        whole.get(HEADER_FIXED, meta);
        LogMetadata metadata = LogMetadata.decode(meta);
        if (metadata == null) {
            throw new RecordLogException(file, HEADER_FIXED, "corrupt header (malformed metadata)");
        }
        return new Header(metadata, length, layout);
    }

    static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new EOFException();
            }
        }
        return b.flip();
    }

    private static int crc(byte[] bytes, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, off, len);
        return (int) crc.getValue();
    }
}
