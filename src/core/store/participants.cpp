// Store: participants (speakers and attendees) and the documents they appear in.
#include "core/store/store.hpp"

#include <unordered_map>

#include "core/store/store_sql.hpp"

namespace samsyn::store {

namespace {
Participant read_participant(Statement& st) {
    return Participant{st.int64(0), st.text(1), st.text(2), st.opt_int64(3), st.text(4), st.text(5), st.int64(6) != 0};
}
constexpr const char* k_participant_cols =
    "SELECT id, name, pseudonym, group_id, organisation, attributes, interviewer FROM participants ";
}  // namespace

std::vector<Participant> Store::participants(const std::vector<ParticipantId>& ids) {
    Statement st(*db_, std::string(k_participant_cols) +
                           (ids.empty() ? "" : "WHERE id IN (SELECT value FROM json_each(?)) ") + "ORDER BY id");
    if (!ids.empty()) st.bind(1, detail::json_ids(ids));
    std::vector<Participant> out;
    while (st.step()) out.push_back(read_participant(st));
    return out;
}

std::vector<std::pair<ParticipantId, std::string>> Store::participant_names() {
    Statement st(*db_, "SELECT id, name FROM participants ORDER BY id");
    std::vector<std::pair<ParticipantId, std::string>> out;
    while (st.step()) out.emplace_back(st.int64(0), st.text(1));
    return out;
}

std::optional<Participant> Store::find_participant(const std::string& name) {
    Statement st(*db_, std::string(k_participant_cols) + "WHERE name = ?");
    st.bind(1, name);
    if (st.step()) return read_participant(st);
    return std::nullopt;
}

std::optional<Participant> Store::participant(ParticipantId id) {
    Statement st(*db_, std::string(k_participant_cols) + "WHERE id = ?");
    st.bind(1, id);
    if (st.step()) return read_participant(st);
    return std::nullopt;
}

ParticipantId Store::ensure_participant(const std::string& name, std::optional<GroupId> group, bool interviewer) {
    if (auto p = find_participant(name)) {
        if (!p->group && group) set_participant_group(p->id, group);
        if (interviewer && !p->interviewer) {
            p->interviewer = true;
            update_participant(*p);
        }
        return p->id;
    }
    Statement n(*db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM participants");
    n.step();
    std::string pseudonym = "Deltagare " + std::to_string(n.int64(0));
    Statement st(*db_, "INSERT INTO participants(name, pseudonym, group_id, interviewer) VALUES(?, ?, ?, ?)");
    st.bind(1, name).bind(2, pseudonym).bind(3, group).bind(4, int64_t{interviewer}).run();
    return db_->last_insert_id();
}

void Store::set_participant_group(ParticipantId id, std::optional<GroupId> group) {
    Statement st(*db_, "UPDATE participants SET group_id = ? WHERE id = ?");
    st.bind(1, group).bind(2, id).run();
}

void Store::update_participant(const Participant& p) {
    Statement st(*db_,
                 "UPDATE participants SET name = ?, pseudonym = ?, group_id = ?, organisation = ?, attributes = ?, "
                 "interviewer = ? WHERE id = ?");
    st.bind(1, p.name).bind(2, p.pseudonym).bind(3, p.group).bind(4, p.organisation);
    st.bind(5, p.attributes.empty() ? std::string("{}") : p.attributes).bind(6, int64_t{p.interviewer}).bind(7, p.id).run();
}

std::vector<std::pair<DocumentId, std::string>> Store::participant_documents(ParticipantId id) {
    Statement st(*db_, "SELECT document_id, role FROM document_participants WHERE participant_id = ? ORDER BY document_id");
    st.bind(1, id);
    std::vector<std::pair<DocumentId, std::string>> out;
    while (st.step()) out.emplace_back(st.int64(0), st.text(1));
    return out;
}

std::unordered_map<ParticipantId, std::vector<std::pair<DocumentId, std::string>>> Store::all_participant_documents() {
    return documents_of_participants({});
}

std::unordered_map<ParticipantId, std::vector<std::pair<DocumentId, std::string>>> Store::documents_of_participants(
    const std::vector<ParticipantId>& ids) {
    Statement st(*db_, std::string("SELECT participant_id, document_id, role FROM document_participants ") +
                           (ids.empty() ? "" : "WHERE participant_id IN (SELECT value FROM json_each(?)) ") +
                           "ORDER BY 1, 2");
    if (!ids.empty()) st.bind(1, detail::json_ids(ids));
    std::unordered_map<ParticipantId, std::vector<std::pair<DocumentId, std::string>>> out;
    while (st.step()) out[st.int64(0)].emplace_back(st.int64(1), st.text(2));
    return out;
}

std::vector<UnitId> Store::units_of_speaker(ParticipantId id) {
    Statement st(*db_, "SELECT id FROM units WHERE speaker_id = ? ORDER BY id");
    st.bind(1, id);
    std::vector<UnitId> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

void Store::delete_participant(ParticipantId id) {
    Statement st(*db_, "DELETE FROM participants WHERE id = ?");
    st.bind(1, id).run();
}

void Store::merge_participants(ParticipantId from, ParticipantId into) {
    Statement units(*db_, "UPDATE units SET speaker_id = ?1 WHERE speaker_id = ?2");
    units.bind(1, into).bind(2, from).run();
    Statement quotes(*db_, "UPDATE quotes SET speaker_id = ?1 WHERE speaker_id = ?2");
    quotes.bind(1, into).bind(2, from).run();
    Statement docs(*db_,
                   "INSERT OR IGNORE INTO document_participants(document_id, participant_id, role) "
                   "SELECT document_id, ?1, role FROM document_participants WHERE participant_id = ?2");
    docs.bind(1, into).bind(2, from).run();
    delete_participant(from);
}

void Store::link_participant(DocumentId doc, ParticipantId p, const std::string& role) {
    Statement st(*db_, "INSERT OR IGNORE INTO document_participants(document_id, participant_id, role) VALUES(?, ?, ?)");
    st.bind(1, doc).bind(2, p).bind(3, role).run();
}

}  // namespace samsyn::store
