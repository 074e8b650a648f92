package io.rosterbridge.fetcher.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.infra.testing.Infrastructure;
import io.rosterbridge.infra.testing.SharedInfrastructure;

/**
 * A database of the fetcher's schema (its Flyway migrations) of its own, on the real PostgreSQL, for tests that run
 * several replicas' queue workers side by side without a Quarkus app's workers taking their queue's rows.
 */
public final class QueueDatabase {

    private QueueDatabase() {
    }

    public static DataSource create(String name) {
        Infrastructure infra = SharedInfrastructure.get();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(infra.database(name));
        ds.setUser(infra.dbUsername());
        ds.setPassword(infra.dbPassword());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    /** Empties the queue and the runs, so each test starts from no work. */
    public static void clear(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE district_work, sync_run");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fetcher's configuration with {@code threads} workers and the given lease and back-off. */
    public static FetcherConfig config(int threads, Duration lease, Duration renew, Duration initialBackoff) {
        return new FetcherConfig() {
            public boolean includeContacts() {
                return false;
            }

            public int maxConcurrentRuns() {
                return threads;
            }

            public Duration sendTimeout() {
                return Duration.ofSeconds(1);
            }

            public boolean initialSyncOnLink() {
                return false;
            }

            public Hold hold() {
                return new Hold() {
                    public double maxRemovalShare() {
                        return 0.1;
                    }

                    public int maxRemovals() {
                        return 1000;
                    }
                };
            }

            public Nightly nightly() {
                return null;
            }

            public Events events() {
                return null;
            }

            public Lease lease() {
                return new Lease() {
                    public Optional<String> replicaId() {
                        return Optional.empty();
                    }

                    public Duration duration() {
                        return lease;
                    }

                    public Duration renewInterval() {
                        return renew;
                    }

                    public Duration pollInterval() {
                        return Duration.ofMillis(50);
                    }
                };
            }

            public Backoff backoff() {
                return new Backoff() {
                    public Duration initial() {
                        return initialBackoff;
                    }

                    public Duration max() {
                        return initialBackoff.multipliedBy(8);
                    }
                };
            }
        };
    }
}
