package io.rosterbridge.contracts;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * An {@link Instant} written and read as the contracts' {@code date-time} text ({@code 2026-11-29T04:00:00Z}) by any
 * ObjectMapper, with or without the java.time module or its timestamp settings, so a record means the same JSON in
 * every service.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonSerialize(using = ToStringSerializer.class)
@JsonDeserialize(using = Rfc3339.Reader.class)
public @interface Rfc3339 {

    /**
     * Reads the text {@link Instant#toString} writes, and any offset. That text, the form every service writes, is
     * read by hand: {@link Instant#parse} allocates a map of parsed fields per value, about 6% of what roster-writer
     * allocated per change at 1M users (docs/benchmarks/end-to-end.md, issue 16). Anything else goes to it.
     */
    final class Reader extends StdScalarDeserializer<Instant> {

        public Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            Instant utc = utc(text);
            if (utc != null) {
                return utc;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 date-time");
            }
        }

        /**
         * {@code yyyy-MM-ddTHH:mm:ssZ}, with a fraction of 1 to 9 digits or none, as a valid instant; null for any other
         * text (lower case, an offset, a leap second, an invalid date), which {@link Instant#parse} then reads or refuses.
         */
        static Instant utc(String text) {
            int length = text.length();
            if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                    || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                    || (length > 20 && text.charAt(19) != '.')) {
                return null;
            }
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                    || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
                return null;
            }
            int nanos = fraction;
            for (int scale = length - 21; scale < 9; scale++) {
                nanos *= 10; // 0.5 is 500,000,000 ns
            }
            long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
            return Instant.ofEpochSecond(seconds, nanos);
        }

        /** The decimal number text[from, to) (at most 9 digits), or -1 if a character is not an ASCII digit. */
        private static int digits(String text, int from, int to) {
            int value = 0;
            for (int i = from; i < to; i++) {
                int digit = text.charAt(i) - '0';
                if (digit < 0 || digit > 9) {
                    return -1;
                }
                value = value * 10 + digit;
            }
            return value;
        }
    }
}
