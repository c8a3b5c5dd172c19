// Store: memos on the project, documents and themes (a quote's memo is a column of quotes).
#include "core/store/store.hpp"

namespace samsyn::store {

std::string Store::memo(const std::string& kind, int64_t target) {
    Statement st(*db_, "SELECT text FROM memos WHERE target_kind = ? AND target_id IS ? ORDER BY id DESC LIMIT 1");
    st.bind(1, kind).bind(2, target);
    return st.step() ? st.text(0) : std::string();
}

void Store::set_memo(const std::string& kind, int64_t target, const std::string& text) {
    Statement del(*db_, "DELETE FROM memos WHERE target_kind = ? AND target_id IS ?");
    del.bind(1, kind).bind(2, target).run();
    if (text.empty()) return;
    Statement st(*db_, "INSERT INTO memos(target_kind, target_id, text, created_at) VALUES(?, ?, ?, ?)");
    st.bind(1, kind).bind(2, target).bind(3, text).bind(4, now_iso8601()).run();
}

std::vector<Store::Memo> Store::memos() {
    Statement st(*db_,
                 "SELECT kind, target, text FROM (SELECT target_kind AS kind, COALESCE(target_id, 0) AS target, "
                 "text FROM memos UNION ALL SELECT 'quote', id, memo FROM quotes WHERE memo != '') "
                 "ORDER BY CASE kind WHEN 'project' THEN 0 WHEN 'document' THEN 1 WHEN 'theme' THEN 2 ELSE 3 END, "
                 "target");
    std::vector<Memo> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.text(2)});
    return out;
}

}  // namespace samsyn::store
