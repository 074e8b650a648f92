package io.rosterbridge.infra.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * The package rules every service checks in its tests, written once. A service declares its layers, top first, and
 * {@link #check()} fails when its production code
 * <ol>
 * <li>uses another service's packages ({@link #SERVICES}): services talk over Kafka and HTTP, never through code;</li>
 * <li>uses test support ({@link #TEST_SUPPORT}: the Clever sandbox, this module, the local stack launcher);</li>
 * <li>has a class in a package no layer names (a new package must be given its place);</li>
 * <li>uses a package of a layer above its own. Packages of one layer may use each other; every layer may use any
 * layer below it, not only the next.</li>
 * </ol>
 * A use is any dependency in the bytecode (an import, a type in a signature, a call, an annotation). An upward use
 * that is known and about to go can be declared with {@link #except}, named and with its reason; nothing else
 * loosens the rules.
 * <pre>
 * Layering.of("io.rosterbridge.writer")
 *         .layer("rest", "messaging")
 *         .layer("service")
 *         .layer("repository")
 *         .check();
 * </pre>
 */
public final class Layering {

    /** Each service's root package: none may use another's. */
    public static final List<String> SERVICES = List.of(
            "io.rosterbridge.fetcher", "io.rosterbridge.writer", "io.rosterbridge.gateway", "io.rosterbridge.requests");

    /** Code that exists for tests and the local stack, never for production. */
    public static final List<String> TEST_SUPPORT = List.of(
            "io.rosterbridge.sandbox", "io.rosterbridge.infra", "io.rosterbridge.local");

    /** An upward use allowed for now: from a class (or a package) to a package, and why. */
    public record Allowed(String from, String to, String reason) {
    }

    private final String service;
    private final List<List<String>> layers = new ArrayList<>();
    private final List<Allowed> exceptions = new ArrayList<>();

    private Layering(String service) {
        this.service = service;
    }

    /** The rules for the service whose production classes live under {@code servicePackage}. */
    public static Layering of(String servicePackage) {
        if (!SERVICES.contains(servicePackage)) {
            throw new IllegalArgumentException(servicePackage + " is not a service package: " + SERVICES);
        }
        return new Layering(servicePackage);
    }

    /** The next layer down: sub-packages of the service (e.g. "rest"), with the packages below each of them. */
    public Layering layer(String... packages) {
        layers.add(Arrays.stream(packages).map(p -> service + "." + p).toList());
        return this;
    }

    /**
     * Allows {@code from} (a class or a package of this service, e.g. "mapping.RunMapper") to use {@code to} (a
     * package, e.g. "rest") although {@code to} is above it. Only for a known use that another change removes.
     */
    public Layering except(String from, String to, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An exception needs its reason");
        }
        exceptions.add(new Allowed(service + "." + from, service + "." + to, reason));
        return this;
    }

    /**
     * Checks every rule against the service's production classes; throws an AssertionError listing each violation,
     * and each exception that no longer matches anything (it is done with: delete it).
     */
    public void check() {
        check(productionClasses());
    }

    void check(JavaClasses classes) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Declare the layers of " + service + " first");
        }
        List<ArchRule> rules = List.of(
                ArchRuleDefinition.noClasses()
                        .should().dependOnClassesThat().resideInAnyPackage(packagesOf(otherServices()))
                        .as("no class of " + service + " uses another service"),
                ArchRuleDefinition.noClasses()
                        .should().dependOnClassesThat().resideInAnyPackage(packagesOf(TEST_SUPPORT))
                        .as("no class of " + service + " uses test support " + TEST_SUPPORT),
                ArchRuleDefinition.classes().should(beInALayer())
                        .as("every class of " + service + " is in a package of a layer " + layers),
                ArchRuleDefinition.classes().should(useNoLayerAbove())
                        .as("no class of " + service + " uses a package of a layer above its own " + layers));
        List<String> failures = new ArrayList<>();
        for (ArchRule rule : rules) {
            try {
                rule.check(classes);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        for (Allowed allowed : exceptions) {
            boolean used = classes.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                    .anyMatch(d -> pointsUp(d) && matches(allowed, d));
            if (!used) {
                failures.add("The exception " + allowed.from() + " -> " + allowed.to() + " (" + allowed.reason()
                        + ") matches no upward use any more: delete it");
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failures));
        }
    }

    /**
     * The distinct "package → package above it" pairs of the service's production code, exceptions included: what
     * {@link #check()} counts as upward, by package.
     */
    public Set<String> upwardPackageUses() {
        return upwardPackageUses(productionClasses());
    }

    Set<String> upwardPackageUses(JavaClasses classes) {
        Set<String> pairs = new TreeSet<>();
        for (JavaClass origin : classes) {
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                if (pointsUp(dependency)) {
                    pairs.add(origin.getPackageName() + " -> " + dependency.getTargetClass().getPackageName());
                }
            }
        }
        return pairs;
    }

    private JavaClasses productionClasses() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(service);
        if (classes.isEmpty()) {
            throw new IllegalStateException("No production classes under " + service + " on the class path");
        }
        return classes;
    }

    private List<String> otherServices() {
        return SERVICES.stream().filter(s -> !s.equals(service)).toList();
    }

    private static String[] packagesOf(List<String> roots) {
        return roots.stream().map(root -> root + "..").toArray(String[]::new);
    }

    /** The index of the layer holding {@code packageName} (0 = top), or -1. */
    private int layerOf(String packageName) {
        for (int i = 0; i < layers.size(); i++) {
            for (String layerPackage : layers.get(i)) {
                if (within(packageName, layerPackage)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private boolean pointsUp(Dependency dependency) {
        int from = layerOf(dependency.getOriginClass().getPackageName());
        int to = layerOf(dependency.getTargetClass().getPackageName());
        return from >= 0 && to >= 0 && to < from;
    }

    private boolean excepted(Dependency dependency) {
        return exceptions.stream().anyMatch(allowed -> matches(allowed, dependency));
    }

    private static boolean matches(Allowed allowed, Dependency dependency) {
        String origin = dependency.getOriginClass().getName();
        return (within(origin, allowed.from()) || origin.startsWith(allowed.from() + "$"))
                && within(dependency.getTargetClass().getPackageName(), allowed.to());
    }

    private static boolean within(String name, String root) {
        return name.equals(root) || name.startsWith(root + ".");
    }

    private ArchCondition<JavaClass> beInALayer() {
        return new ArchCondition<>("be in a package of a layer") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                if (layerOf(item.getPackageName()) < 0) {
                    events.add(SimpleConditionEvent.violated(item,
                            item.getName() + " is in " + item.getPackageName() + ", which no layer names"));
                }
            }
        };
    }

    private ArchCondition<JavaClass> useNoLayerAbove() {
        return new ArchCondition<>("use no package of a layer above its own") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                    if (pointsUp(dependency) && !excepted(dependency)) {
                        events.add(SimpleConditionEvent.violated(dependency,
                                "upward: " + dependency.getDescription()));
                    }
                }
            }
        };
    }
}
