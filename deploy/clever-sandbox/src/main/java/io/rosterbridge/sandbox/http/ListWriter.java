package io.rosterbridge.sandbox.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import io.rosterbridge.sandbox.Faults;
import io.rosterbridge.sandbox.render.ApiJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Streams a list response ({@code {"data":[{"data":{…},"uri":…}],"links":[…]}}) in 64 KiB chunks, so a
 * 10,000-record page never sits in memory as one string. A pending "truncated page" fault cuts the body
 * halfway and closes the connection.
 */
public final class ListWriter {

    private static final int CHUNK = 64 * 1024;

    /** Writes one record's JSON object. */
    @FunctionalInterface
    public interface RecordWriter<T> {
        void write(JsonGenerator g, T record) throws IOException;
    }

    private ListWriter() {
    }

    public static <T> void write(RoutingContext ctx, Faults faults, String collection, Paging paging,
            Paging.Page<T> page, RecordWriter<T> writer) {
        writeItems(ctx, faults, paging.links(page), page.items(), page.ids(), collection, writer);
    }

    public static <T> void writeItems(RoutingContext ctx, Faults faults, List<String[]> links, List<T> items,
            List<String> ids, String collection, RecordWriter<T> writer) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200).putHeader("Content-Type", Responses.JSON).setChunked(true);
        boolean truncate = faults.takeTruncation();
        int stopAt = truncate ? items.size() / 2 : Integer.MAX_VALUE;
        ChunkStream out = new ChunkStream(response);
        try (JsonGenerator g = ApiJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            for (int i = 0; i < items.size(); i++) {
                if (i == stopAt) {
                    g.flush();
                    out.flushChunk();
                    ctx.request().connection().close();
                    return;
                }
                g.writeStartObject();
                g.writeFieldName("data");
                writer.write(g, items.get(i));
                g.writeStringField("uri", ApiJson.uri(collection, ids.get(i)));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("links");
            for (String[] link : links) {
                g.writeStartObject();
                g.writeStringField("rel", link[0]);
                g.writeStringField("uri", link[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            if (truncate) {
                g.flush();
                out.flushChunk();
                ctx.request().connection().close();
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flushChunk();
        response.end();
    }

    /** Buffers bytes and hands them to the response one chunk at a time. */
    private static final class ChunkStream extends OutputStream {

        private final HttpServerResponse response;
        private Buffer buffer = Buffer.buffer(CHUNK + 1024);

        ChunkStream(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
            maybeFlush();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.appendBytes(bytes, offset, length);
            maybeFlush();
        }

        private void maybeFlush() {
            if (buffer.length() >= CHUNK) {
                flushChunk();
            }
        }

        void flushChunk() {
            if (buffer.length() > 0 && !response.closed()) {
                response.write(buffer);
                buffer = Buffer.buffer(CHUNK + 1024);
            }
        }

        @Override
        public void close() {
            // the response is ended by the caller
        }
    }
}
