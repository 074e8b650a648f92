package io.rosterbridge.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.gateway.bench.CpuMeter.Owner;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;
import io.rosterbridge.gateway.testing.Fixtures;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.gateway.testing.SandboxCleverResource;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;

/**
 * Load benchmark of complete logins against the Clever sandbox, at a fixed arrival rate. Not a test: it runs only
 * with {@code -Pbenchmark} (see docs/benchmarks/sso-gateway.md) and asserts nothing about time; it prints and writes
 * {@code target/bench/sso-gateway.txt}.
 * <p>
 * Each login is what a browser does after clicking the app: {@code GET /login} (gateway → authorize redirect with
 * state and nonce), the sandbox's authorize (user chosen → code), {@code GET /auth/callback} (code exchange,
 * id_token verification against the JWKS, roster lookup, district check, redeemed-code record, session JWT,
 * awaited audit send). Logins start on a fixed schedule; a login's latency is measured from the moment it was
 * <em>meant</em> to start, so a stalled gateway shows up in the numbers instead of slowing the load down
 * (coordinated omission). The callback's own latency is measured from its send.
 * <p>
 * Warm-up: {@code bench.warmup} seconds at half the rate, then more {@value #WARMUP_STEP_SECONDS}-second steps at the
 * full rate until the JIT compilers have settled (less than {@value #SETTLED_JIT_SHARE_PERCENT}% of a step's time
 * spent compiling) or {@code bench.warmup.max} seconds have passed. Without that, the C2 compiler was still working
 * through Quarkus's hot paths during a 30-second measurement on 2 cores and took a third of the CPU: that measures
 * a cold JVM, not the gateway's steady state. The report says how long the warm-up took and how much compiling
 * was left in the measured run.
 * <p>
 * Knobs (system properties): {@code bench.rate} logins/s (300), {@code bench.seconds} measured (30),
 * {@code bench.warmup} seconds (10), {@code bench.warmup.max} seconds (120), {@code bench.users} distinct users (5000).
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@WithTestResource(SandboxCleverResource.class)
class LoginBenchmark {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final int MAX_CONNECTIONS_PER_SERVER = 512;
    private static final int WARMUP_STEP_SECONDS = 5;
    private static final int SETTLED_JIT_SHARE_PERCENT = 5;

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    LinkedDistrictRepository districts;

    /** The gateway's Vert.x (Quarkus's): its event loops run the gateway's HTTP server and clients. */
    @Inject
    Vertx quarkusVertx;

    /**
     * The load generator's own Vert.x, one event loop: non-blocking and cheap per request, so it leaves the cores
     * to the gateway. (The JDK HttpClient started a thread per response here: with 2 cores the common pool that
     * completes its futures has parallelism 1 and falls back to a thread per task.) Keep-alive connections, a wait
     * queue without bound: a slow gateway delays answers, never the schedule.
     */
    private static final Vertx LOAD = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));

    private final HttpClient http = LOAD.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
            new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVER).setMaxWaitQueueSize(-1));

    /** One run's results. */
    private record Run(Histogram login, Histogram callback, int completed, int failed, double seconds, List<String> failures,
            CpuMeter.Sample cpu) {
    }

    @Test
    void completeLoginsAtAFixedArrivalRate() throws IOException {
        int rate = Integer.getInteger("bench.rate", 300);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup", 10);
        int warmupMax = Integer.getInteger("bench.warmup.max", 120);
        int users = Integer.getInteger("bench.users", 5000);

        String districtId = SandboxCleverResource.generateDistrict("Benchmark Unified", users, 7L);
        Fixtures.link(districts, districtId, "active");
        List<String> students = SandboxCleverResource.userIds(districtId, "student");
        List<String> schools = SandboxCleverResource.schoolIds(districtId);
        for (int i = 0; i < students.size(); i++) {
            RosterApiTestResource.put(RosterApiTestResource.user(students.get(i), districtId, true, "student",
                    List.of(schools.get(i % schools.size()))));
        }

        CpuMeter cpu = new CpuMeter(eventLoopThreads(quarkusVertx), Set.of(eventLoopThreads(LOAD).iterator().next(),
                Thread.currentThread().getId()));

        long warmupStart = System.nanoTime();
        run(districtId, students, Math.max(1, rate / 2), warmup, cpu);
        while (true) {
            long compiledBefore = jitMillis();
            Run step = run(districtId, students, rate, WARMUP_STEP_SECONDS, cpu);
            boolean settled = (jitMillis() - compiledBefore) * 100 < SETTLED_JIT_SHARE_PERCENT * step.seconds() * 1000;
            if (settled || System.nanoTime() - warmupStart > TimeUnit.SECONDS.toNanos(warmupMax)) {
                break;
            }
        }
        double warmedUp = (System.nanoTime() - warmupStart) / 1e9;
        long compiledBefore = jitMillis();
        Run measured = run(districtId, students, rate, seconds, cpu);
        long compiledDuring = jitMillis() - compiledBefore;

        cpu.close();
        String report = report(rate, seconds, students.size(), measured)
                + String.format(Locale.ROOT, "warm-up: %.0f s; JIT compiler time during the measured run: %d ms%n", warmedUp, compiledDuring);
        System.out.println(report);
        Path out = Path.of("target", "bench", "sso-gateway.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private Run run(String districtId, List<String> students, int rate, int seconds, CpuMeter cpu) {
        Histogram login = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        Histogram callback = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        int total = rate * seconds;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        CompletableFuture<?>[] logins = new CompletableFuture<?>[total];
        CpuMeter.Sample cpuBefore = cpu.sample();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String userId = students.get(i % students.size());
            logins[i] = login(districtId, userId, callback).whenComplete((ok, failure) -> {
                if (failure == null) {
                    synchronized (login) {
                        login.recordValue(Math.min(System.nanoTime() - intended, HIGHEST_TRACKABLE_NANOS));
                    }
                    completed.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    if (failures.size() < 5) {
                        failures.add(failure.toString());
                    }
                }
            });
        }
        CompletableFuture.allOf(logins).exceptionally(failure -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Run(login, callback, completed.get(), failed.get(), elapsed, List.copyOf(failures),
                cpu.sample().minus(cpuBefore));
    }

    private CompletableFuture<Void> login(String districtId, String userId, Histogram callbackLatency) {
        String start = gateway.resolve("/login?district_id=" + districtId).toString();
        return get(start, null)
                .compose(toClever -> {
                    String cookies = cookies(toClever);
                    return get(location(toClever) + "&sandbox_user=" + userId + "&sandbox_role=student", null)
                            .compose(fromClever -> {
                                long sent = System.nanoTime();
                                return get(location(fromClever), cookies).map(landed -> {
                                    long took = System.nanoTime() - sent;
                                    if (landed.statusCode() != 303 || cookies(landed).indexOf("rb_session=") < 0) {
                                        throw new IllegalStateException("callback answered " + landed.statusCode());
                                    }
                                    synchronized (callbackLatency) {
                                        callbackLatency.recordValue(Math.min(took, HIGHEST_TRACKABLE_NANOS));
                                    }
                                    return (Void) null;
                                });
                            });
                })
                .toCompletionStage().toCompletableFuture();
    }

    /** One GET, body read and dropped; the response (status and headers) when it has fully arrived. */
    private Future<HttpClientResponse> get(String uri, String cookies) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri);
        if (cookies != null) {
            request.addHeader("Cookie", cookies);
        }
        return http.request(request)
                .compose(sent -> sent.send())
                .compose(response -> response.body().map(ignored -> response));
    }

    private static String location(HttpClientResponse response) {
        String location = response.getHeader("Location");
        if (location == null) {
            throw new IllegalStateException("no redirect, status " + response.statusCode());
        }
        return location;
    }

    private static String cookies(HttpClientResponse response) {
        return response.cookies().stream()
                .map(header -> header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';')))
                .collect(Collectors.joining("; "));
    }

    private static String report(int rate, int seconds, int users, Run run) {
        return String.format(Locale.ROOT, """
                sso-gateway login benchmark (complete logins against the Clever sandbox, fixed arrival rate)
                cores available: %d, target rate: %d logins/s for %d s, distinct users: %d
                completed: %d, failed: %d, achieved: %.1f logins/s
                complete login, from intended start (ms): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f
                gateway callback handling (ms):           p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f
                CPU per completed login (ms): all %.2f = gateway %.2f + Clever sandbox and fakes %.2f + Kafka broker %.2f
                                              + load generator %.2f + JVM internal (GC, JIT) %.2f + PostgreSQL %s
                first failures: %s
                """,
                Runtime.getRuntime().availableProcessors(), rate, seconds, users,
                run.completed(), run.failed(), run.completed() / run.seconds(),
                ms(run.login(), 50), ms(run.login(), 90), ms(run.login(), 99), ms(run.login(), 99.9), run.login().getMaxValue() / 1e6,
                ms(run.callback(), 50), ms(run.callback(), 90), ms(run.callback(), 99), ms(run.callback(), 99.9),
                run.callback().getMaxValue() / 1e6,
                perLogin(run.cpu().total(), run), perLogin(run.cpu().of(Owner.GATEWAY), run),
                perLogin(run.cpu().of(Owner.IDENTITY_PROVIDER_AND_FAKES), run), perLogin(run.cpu().of(Owner.KAFKA_BROKER), run),
                perLogin(run.cpu().of(Owner.LOAD_GENERATOR), run), perLogin(run.cpu().of(Owner.JVM_INTERNAL), run),
                run.cpu().of(Owner.POSTGRESQL) < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", perLogin(run.cpu().of(Owner.POSTGRESQL), run)),
                run.failures());
    }

    /** Milliseconds the JIT compilers have worked so far (approximately: their elapsed time). */
    private static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** The ids of a Vert.x instance's event loop threads. */
    private static Set<Long> eventLoopThreads(Vertx vertx) {
        Set<Long> ids = new HashSet<>();
        for (EventExecutor loop : ((VertxInternal) vertx).getEventLoopGroup()) {
            try {
                ids.add(loop.submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot reach an event loop", e);
            }
        }
        return ids;
    }

    private static double perLogin(long cpuNanos, Run run) {
        return run.completed() == 0 ? 0 : cpuNanos / 1e6 / run.completed();
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
