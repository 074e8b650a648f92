package io.rosterbridge.fetcher.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.fetcher.mapping.RosterRecords.UserRecord;

class CleverMapperTest {

    private static final String DISTRICT = "5a0c91b95c7cc000010d417c";
    private static final String SCHOOL_A = "aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String SCHOOL_B = "bbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String UNLICENSED = "cccccccccccccccccccccccc";
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode node(String text) throws Exception {
        return json.readTree(text.replace('\'', '"'));
    }

    @Test
    void keepsAMultiRoleUserWholeWithPerRoleFields() throws Exception {
        UserRecord user = CleverMapper.user(node("""
                {'id':'111111111111111111111111','district':'%s','email':'t@example.org','name':{'first':'Ada','last':'Lovelace'},
                 'roles':{'teacher':{'school':'%s','schools':['%s','%s'],'sis_id':'T1','teacher_number':'42','title':'Ms',
                                     'credentials':{'district_username':'ada'}},
                          'staff':{'schools':['%s'],'department':'Science','staff_id':'S9','roles':['aide']}}}
                """.formatted(DISTRICT, SCHOOL_A, SCHOOL_A, UNLICENSED, SCHOOL_B)), DISTRICT, Set.of(SCHOOL_A, SCHOOL_B), false);

        assertThat(user.roles()).extracting(RosterRecords.RoleRecord::role).containsExactly("staff", "teacher");
        var teacher = user.roles().get(1);
        assertThat(teacher.primarySchoolId()).isEqualTo(SCHOOL_A);
        assertThat(teacher.schoolIds()).containsExactly(SCHOOL_A); // the unlicensed school is cut
        assertThat(teacher.attributes()).containsEntry("teacher_number", "42").containsEntry("title", "Ms").containsEntry("username", "ada");
        assertThat(user.roles().get(0).attributes()).containsEntry("department", "Science").containsEntry("staff_id", "S9");
        assertThat(user.schoolIds()).containsExactly(SCHOOL_A, SCHOOL_B);
        assertThat(user.name().first()).isEqualTo("Ada");
        assertThat(user.name().middle()).isNull();
    }

    @Test
    void dropsAUserWithNoLicensedSchoolLeft() throws Exception {
        JsonNode student = node("{'id':'222222222222222222222222','roles':{'student':{'school':'%s','schools':['%s'],'grade':'5'}}}"
                .formatted(UNLICENSED, UNLICENSED));
        assertThat(CleverMapper.user(student, DISTRICT, Set.of(SCHOOL_A), false)).isNull();
    }

    @Test
    void keepsDistrictAdminsWhoHaveNoSchools() throws Exception {
        UserRecord admin = CleverMapper.user(node("{'id':'333333333333333333333333','roles':{'district_admin':{'title':'Superintendent','legacy_id':'x'}}}"),
                DISTRICT, Set.of(SCHOOL_A), false);
        assertThat(admin.roles()).singleElement().satisfies(r -> {
            assertThat(r.role()).isEqualTo("district_admin");
            assertThat(r.schoolIds()).isEmpty();
        });
        assertThat(admin.schoolIds()).isEmpty();
    }

    @Test
    void contactsOnlyWhenConfigured() throws Exception {
        JsonNode contact = node("{'id':'444444444444444444444444','name':{'last':'Aaron Berge'},'roles':{'contact':{'phone_type':'Other'}}}");
        assertThat(CleverMapper.user(contact, DISTRICT, Set.of(SCHOOL_A), false)).isNull();
        assertThat(CleverMapper.user(contact, DISTRICT, Set.of(SCHOOL_A), true).roles()).extracting(RosterRecords.RoleRecord::role)
                .containsExactly("contact");
    }

    @Test
    void unknownEnumValuesAndRolesPassThroughAsStrings() throws Exception {
        UserRecord user = CleverMapper.user(node("""
                {'id':'555555555555555555555555','roles':{'student':{'school':'%s','schools':['%s'],'grade':'Grade14Plus','gender':'Q'},
                 'mentor':{'schools':['%s'],'title':'Coach'}}}""".formatted(SCHOOL_A, SCHOOL_A, SCHOOL_A)), DISTRICT, Set.of(SCHOOL_A), false);
        assertThat(user.roles()).extracting(RosterRecords.RoleRecord::role).containsExactly("mentor", "student");
        assertThat(user.roles().get(1).attributes()).containsEntry("grade", "Grade14Plus");
    }

    @Test
    void ignoresSchoolsThatAreNotLicensed() throws Exception {
        assertThat(CleverMapper.school(node("{'id':'%s','name':'North'}".formatted(UNLICENSED)), DISTRICT, Set.of(SCHOOL_A))).isNull();
        assertThat(CleverMapper.school(node("{'id':'%s','name':'North','low_grade':'Kindergarten','high_grade':'PostGraduate2'}"
                .formatted(SCHOOL_A)), DISTRICT, Set.of(SCHOOL_A)).highGrade()).isEqualTo("PostGraduate2");
    }

    @Test
    void equalContentHasAnEqualFingerprintAndAChangeChangesIt() throws Exception {
        String a = "{'id':'666666666666666666666666','email':'a@x','roles':{'teacher':{'schools':['%s','%s'],'school':'%s'}}}"
                .formatted(SCHOOL_B, SCHOOL_A, SCHOOL_A);
        String sameReordered = "{'roles':{'teacher':{'school':'%s','schools':['%s','%s']}},'email':'a@x','id':'666666666666666666666666'}"
                .formatted(SCHOOL_A, SCHOOL_A, SCHOOL_B);
        String renamed = a.replace("a@x", "b@x");
        Set<String> licensed = Set.of(SCHOOL_A, SCHOOL_B);
        long fp1 = RecordCodec.encode(CleverMapper.user(node(a), DISTRICT, licensed, false)).fingerprint();
        long fp2 = RecordCodec.encode(CleverMapper.user(node(sameReordered), DISTRICT, licensed, false)).fingerprint();
        long fp3 = RecordCodec.encode(CleverMapper.user(node(renamed), DISTRICT, licensed, false)).fingerprint();
        assertThat(fp1).isEqualTo(fp2).isNotEqualTo(fp3);
    }
}
