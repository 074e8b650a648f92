package io.rosterbridge.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import io.rosterbridge.writer.layeringfixture.leaky.UsesOtherService;
import io.rosterbridge.writer.layeringfixture.leaky.UsesSandbox;
import io.rosterbridge.writer.layeringfixture.repository.Repository;
import io.rosterbridge.writer.layeringfixture.repository.UpwardRepository;
import io.rosterbridge.writer.layeringfixture.rest.Resource;
import io.rosterbridge.writer.layeringfixture.rest.View;
import io.rosterbridge.writer.layeringfixture.service.Service;
import io.rosterbridge.writer.layeringfixture.stray.Stray;

/** The rules fail on each kind of violation (fixtures under io.rosterbridge.writer.layeringfixture) and pass without. */
class LayeringTest {

    private static final String FIXTURE = "layeringfixture.";

    private static Layering layers() {
        return Layering.of("io.rosterbridge.writer")
                .layer(FIXTURE + "rest")
                .layer(FIXTURE + "service")
                .layer(FIXTURE + "repository", FIXTURE + "leaky");
    }

    private static JavaClasses classes(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    @Test
    void aServiceThatReadsTopDownPasses() {
        assertThatCode(() -> layers().check(classes(Resource.class, View.class, Service.class, Repository.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void aPackageUsingALayerAboveItFails() {
        JavaClasses classes = classes(Resource.class, View.class, Service.class, UpwardRepository.class);

        assertThatThrownBy(() -> layers().check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("upward")
                .hasMessageContaining(UpwardRepository.class.getName())
                .hasMessageContaining(View.class.getName());
        assertThat(layers().upwardPackageUses(classes)).containsExactly(
                "io.rosterbridge.writer.layeringfixture.repository -> io.rosterbridge.writer.layeringfixture.rest");
    }

    @Test
    void aNamedExceptionAllowsThatOneUseAndFailsOnceItIsGone() {
        Layering allowing = layers().except(FIXTURE + "repository.UpwardRepository", FIXTURE + "rest", "moved by another change");

        assertThatCode(() -> allowing.check(classes(View.class, UpwardRepository.class))).doesNotThrowAnyException();
        assertThatThrownBy(() -> allowing.check(classes(View.class, Repository.class)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("matches no upward use any more");
        assertThatThrownBy(() -> layers().except(FIXTURE + "repository", FIXTURE + "rest", " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usingAnotherServiceFails() {
        assertThatThrownBy(() -> layers().check(classes(UsesOtherService.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("uses another service")
                .hasMessageContaining("io.rosterbridge.fetcher.layeringfixture.FetcherClass");
    }

    @Test
    void usingTheSandboxFails() {
        assertThatThrownBy(() -> layers().check(classes(UsesSandbox.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("uses test support")
                .hasMessageContaining("io.rosterbridge.sandbox.layeringfixture.SandboxClass");
    }

    @Test
    void aClassInAPackageNoLayerNamesFails() {
        assertThatThrownBy(() -> layers().check(classes(Stray.class)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("which no layer names");
    }

    @Test
    void onlyServicePackagesHaveLayers() {
        assertThatThrownBy(() -> Layering.of("io.rosterbridge.sandbox")).isInstanceOf(IllegalArgumentException.class);
    }
}
