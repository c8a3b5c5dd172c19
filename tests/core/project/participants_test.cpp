// Participants: speakers, attendee lists, the participants sheet, editing with undo.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/base/error.hpp"
#include "core/project/project.hpp"
#include "support/expect_throw.hpp"
#include "support/temp_dir.hpp"

namespace samsyn::project {
namespace {

using test::TempDir;

const Project::ParticipantInfo* find(const std::vector<Project::ParticipantInfo>& all, const std::string& name) {
    for (const auto& p : all)
        if (p.participant.name == name) return &p;
    return nullptr;
}

constexpr const char* k_minutes =
    "Styrgruppsmöte 3 oktober\n\n"
    "Närvarande:\n"
    "Eva Sandström, Västerby kommun\n"
    "Louise Fransson\tHögskolan i Västerby\n"
    "Nils Gunnarsson\n\n"
    "§ 1 Mötets öppnande\n\n"
    "Ordföranden öppnade mötet. Förhinder: Anna Ek.\n";

constexpr const char* k_interview =
    "Intervjuare: Hur äter du om dagarna?\n\n"
    "Gunnel (senior): Oftast ensam vid köksbordet.\n\n"
    "Intervjuare: Och på helgerna?\n\n"
    "Gunnel (senior): Då kommer dottern ibland.\n";

TEST(participants, an_attendee_list_in_minutes_records_each_person_with_the_organisation) {
    TempDir dir;
    auto p = Project::create(dir.path() / "p.samsyn");
    auto rep = p->import_paths({dir.write("protokoll.txt", k_minutes)});
    ASSERT_EQ(rep.imported, 1u);
    auto all = p->participant_infos();
    auto* eva = find(all, "Eva Sandström");
    ASSERT_NE(eva, nullptr);
    EXPECT_EQ(eva->participant.organisation, "Västerby kommun");
    ASSERT_EQ(eva->documents.size(), 1u);
    EXPECT_EQ(eva->documents[0].second, "attendee");
    ASSERT_NE(find(all, "Louise Fransson"), nullptr);
    EXPECT_EQ(find(all, "Louise Fransson")->participant.organisation, "Högskolan i Västerby");
    EXPECT_NE(find(all, "Nils Gunnarsson"), nullptr);
    EXPECT_EQ(find(all, "Anna Ek"), nullptr);  // "Förhinder:" mid-text is no list
}

TEST(participants, the_same_speaker_in_two_documents_is_one_participant) {
    TempDir dir;
    auto p = Project::create(dir.path() / "p.samsyn");
    p->import_paths({dir.write("a.txt", k_interview), dir.write("b.txt", std::string(k_interview) + "\nTack.\n")});
    auto all = p->participant_infos();
    auto* gunnel = find(all, "Gunnel");
    ASSERT_NE(gunnel, nullptr);
    EXPECT_EQ(gunnel->group, "Seniorer");
    EXPECT_EQ(gunnel->documents.size(), 2u);
    EXPECT_EQ(std::count_if(all.begin(), all.end(), [](auto& i) { return i.participant.name == "Gunnel"; }), 1);
    EXPECT_FALSE(gunnel->participant.pseudonym.empty());
}

TEST(participants, a_sheet_sets_groups_pseudonyms_and_attributes_as_one_undo_step) {
    TempDir dir;
    auto p = Project::create(dir.path() / "p.samsyn");
    p->import_paths({dir.write("a.txt", k_interview)});
    auto sheet = dir.write("sheet.csv", "Namn;Grupp;Pseudonym;Ålder\nGunnel;politiker;Person A;84\nBo Ny;diakon;;\n");
    // "diakon" names no group: refused, unless new groups are asked for.
    EXPECT_THROW_HAS(p->import_participants(sheet), ValidationError, "no stakeholder group 'diakon'");
    auto report = p->import_participants(sheet, true);
    EXPECT_EQ(report.updated, 1u);
    EXPECT_EQ(report.created, 1u);
    EXPECT_EQ(report.new_groups, std::vector<std::string>{"diakon"});
    auto all = p->participant_infos();
    EXPECT_EQ(find(all, "Gunnel")->group, "Politiker");
    EXPECT_EQ(find(all, "Gunnel")->participant.pseudonym, "Person A");
    EXPECT_NE(find(all, "Gunnel")->participant.attributes.find("84"), std::string::npos);
    EXPECT_EQ(find(all, "Bo Ny")->group, "Diakon");  // an unknown label becomes a group
    // The search filter follows the new group.
    index::SearchOptions o;
    o.group = p->require_group("Politiker").id;
    EXPECT_EQ(p->search("ensam", o).hits.size(), 1u);
    ASSERT_TRUE(p->undo());
    all = p->participant_infos();
    EXPECT_EQ(find(all, "Gunnel")->group, "Seniorer");
    EXPECT_EQ(find(all, "Bo Ny"), nullptr);
    EXPECT_EQ(p->search("ensam", o).hits.size(), 0u);
    EXPECT_TRUE(p->check().ok);
}

TEST(participants, editing_an_unknown_participant_or_group_is_refused) {
    TempDir dir;
    auto p = Project::create(dir.path() / "p.samsyn");
    p->import_paths({dir.write("a.txt", k_interview)});
    EXPECT_THROW_HAS(p->edit_participant("Nobody", {.pseudonym = "X"}), ValidationError, "no participant 'Nobody'");
    EXPECT_THROW_HAS(p->edit_participant("Gunnel", {.group = "Okänd"}), ValidationError, "no stakeholder group 'Okänd'");
    p->edit_participant("Gunnel", {.pseudonym = "Senior 1", .organisation = "PRO Västerby"});
    auto all = p->participant_infos();
    auto* g = find(all, "Gunnel");
    EXPECT_EQ(g->participant.pseudonym, "Senior 1");
    EXPECT_EQ(g->participant.organisation, "PRO Västerby");
}

}  // namespace
}  // namespace samsyn::project
