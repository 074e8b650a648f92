package io.rosterbridge.writer.service;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.writer.repository.PersonReader;
import io.rosterbridge.writer.repository.PersonReader.District;
import io.rosterbridge.writer.repository.PersonRow;
import io.rosterbridge.writer.repository.PersonSearch;
import io.rosterbridge.writer.repository.PersonSearch.Kind;
import io.rosterbridge.writer.repository.School;
import io.rosterbridge.writer.service.RosterQueries.BadQuery;
import io.rosterbridge.writer.service.RosterQueries.NotFound;

/**
 * Support's person search: what was typed decides how it is searched. A Clever id is looked up; text with an "@" is
 * an email prefix; one word is a first or last name prefix or a SIS id; two or more words are a first and a last
 * name prefix in either order ("Ava Chen", "Chen, Ava"). Names need two characters, so that one letter does not
 * sort a fifth of a million-user roster.
 */
@ApplicationScoped
public class PersonQueries {

    public static final int MAX_PAGE = 100;
    public static final int MAX_OFFSET = 1000;
    public static final int MAX_QUERY_LENGTH = 200;

    private static final Pattern CLEVER_ID = Pattern.compile("[0-9a-f]{24}");
    private static final Pattern WORDS = Pattern.compile("[\\s,]+");

    /** One page of matches; {@code nextOffset} null on the last page. */
    public record PersonPage(List<PersonRow> people, Integer nextOffset) {
    }

    /** A person with the schools and the district the roster holds for them. */
    public record Person(PersonRow row, List<School> schools, Optional<District> district) {
    }

    private final PersonReader reader;

    @Inject
    public PersonQueries(PersonReader reader) {
        this.reader = reader;
    }

    public PersonPage search(String query, String district, int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadQuery("limit must be between 1 and " + MAX_PAGE);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new BadQuery("offset must be between 0 and " + MAX_OFFSET + "; narrow the search instead");
        }
        if (district != null && !CLEVER_ID.matcher(district).matches()) {
            throw new BadQuery("district must be a Clever id (24 lowercase hex characters)");
        }
        PersonSearch search = parse(query, district, limit + 1, offset);
        List<PersonRow> found = read(() -> reader.search(search));
        if (found.size() > limit) {
            return new PersonPage(found.subList(0, limit), offset + limit);
        }
        return new PersonPage(found, null);
    }

    public Person person(String userId) {
        if (userId == null || !CLEVER_ID.matcher(userId).matches()) {
            throw new BadQuery("userId must be a Clever id (24 lowercase hex characters)");
        }
        PersonRow row = read(() -> reader.find(userId)).orElseThrow(() -> new NotFound("No user " + userId));
        return read(() -> new Person(row, reader.schools(row.user().schoolIds()), reader.district(row.user().districtId())));
    }

    static PersonSearch parse(String query, String district, int limit, int offset) {
        String text = query == null ? "" : query.strip();
        if (text.isEmpty()) {
            throw new BadQuery("q is required: a name, an email, a Clever id or a SIS id");
        }
        if (text.length() > MAX_QUERY_LENGTH) {
            throw new BadQuery("q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (CLEVER_ID.matcher(text).matches()) {
            return new PersonSearch(Kind.CLEVER_ID, text, null, district, limit, offset);
        }
        if (text.contains("@")) {
            return new PersonSearch(Kind.EMAIL, text, null, district, limit, offset);
        }
        String[] words = WORDS.split(text);
        if (words.length == 1) {
            if (text.length() < 2) {
                throw new BadQuery("q must have at least 2 characters");
            }
            return new PersonSearch(Kind.NAME_OR_SIS_ID, text, null, district, limit, offset);
        }
        // "Chen, Ava" and "Ava Chen" alike: the first and the last word, in either order.
        return new PersonSearch(Kind.FULL_NAME, words[0], words[words.length - 1], district, limit, offset);
    }

    private interface Read<T> {
        T get() throws SQLException;
    }

    private static <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw new IllegalStateException("The roster is not readable: " + e.getMessage(), e);
        }
    }
}
