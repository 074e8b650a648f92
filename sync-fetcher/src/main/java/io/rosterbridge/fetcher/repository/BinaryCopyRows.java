package io.rosterbridge.fetcher.repository;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import org.postgresql.copy.CopyIn;

/**
 * Rows for {@code COPY … FROM STDIN (FORMAT binary)}, streamed to the server in chunks. PostgreSQL reads each field
 * by its length instead of scanning every byte for delimiters and quotes, as it must for CSV: about a quarter of
 * the database's work on the fingerprints' {@code COPY} (docs/benchmarks/end-to-end.md, issue 16). Only the field
 * types the fingerprints use: text (UTF-8) and bigint. The format: PostgreSQL's documentation, "COPY", section
 * "Binary Format".
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 };
    private static final int CHUNK = 256 * 1024;

    private final CopyIn copy;
    private ByteBuffer buffer = ByteBuffer.allocate(CHUNK + 4096);

    /** Starts the stream: the signature, no flags, no header extension. */
    BinaryCopyRows(CopyIn copy) {
        this.copy = copy;
        buffer.put(SIGNATURE).putInt(0).putInt(0);
    }

    BinaryCopyRows row(int fields) throws SQLException {
        if (buffer.position() >= CHUNK) {
            flush();
        }
        room(2).putShort((short) fields);
        return this;
    }

    BinaryCopyRows text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        room(4 + bytes.length).putInt(bytes.length).put(bytes);
        return this;
    }

    BinaryCopyRows bigint(long value) {
        room(12).putInt(8).putLong(value);
        return this;
    }

    /** Ends the stream and the {@code COPY}; returns the rows copied. */
    long end() throws SQLException {
        room(2).putShort((short) -1);
        flush();
        return copy.endCopy();
    }

    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(buffer.position() + bytes + CHUNK);
            buffer = larger.put(buffer.flip());
        }
        return buffer;
    }

    private void flush() throws SQLException {
        copy.writeToCopy(buffer.array(), 0, buffer.position());
        buffer.clear();
    }
}
