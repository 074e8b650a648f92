package io.rosterbridge.writer.service;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that finds its next element ahead, when asked whether there is one; {@code null} ends it. */
public abstract class LookAheadIterator<T> implements Iterator<T> {

    private T next;

    /** The next element, waiting for it if it is still to come; {@code null} when there is none. */
    protected abstract T findNext();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = findNext();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T found = next;
        next = null;
        return found;
    }
}
