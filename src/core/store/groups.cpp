// Store: stakeholder groups.
#include "core/store/store.hpp"

#include <algorithm>

#include "core/text/text.hpp"

namespace samsyn::store {

namespace {
Group read_group(Statement& st) {
    return Group{st.int64(0), st.text(1), st.text(2), static_cast<int>(st.int64(3))};
}
}  // namespace

std::vector<Group> Store::groups() {
    Statement st(*db_, "SELECT id, name, color, ord FROM groups ORDER BY ord, id");
    std::vector<Group> out;
    while (st.step()) out.push_back(read_group(st));
    return out;
}

std::optional<Group> Store::group(GroupId id) {
    Statement st(*db_, "SELECT id, name, color, ord FROM groups WHERE id = ?");
    st.bind(1, id);
    if (st.step()) return read_group(st);
    return std::nullopt;
}

std::optional<Group> Store::find_group(const std::string& name) {
    Statement st(*db_, "SELECT id, name, color, ord FROM groups WHERE name = ? COLLATE NOCASE");
    st.bind(1, name);
    if (st.step()) return read_group(st);
    // SQLite's NOCASE folds ASCII only; fold the rest (Å/å, Ö/ö) with ICU.
    const std::string folded = text::fold_case(name);
    for (auto& g : groups())
        if (text::fold_case(g.name) == folded) return g;
    return std::nullopt;
}

GroupId Store::add_group(const std::string& name, const std::string& color) {
    Statement st(*db_, "INSERT INTO groups(name, color, ord) VALUES(?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM groups))");
    st.bind(1, name).bind(2, color).run();
    return db_->last_insert_id();
}

void Store::rename_group(GroupId id, const std::string& name) {
    Statement st(*db_, "UPDATE groups SET name = ? WHERE id = ?");
    st.bind(1, name).bind(2, id).run();
}

void Store::set_group_color(GroupId id, const std::string& color) {
    Statement st(*db_, "UPDATE groups SET color = ? WHERE id = ?");
    st.bind(1, color).bind(2, id).run();
}

void Store::move_group(GroupId id, size_t position) {
    std::vector<GroupId> order;
    for (const auto& g : groups())
        if (g.id != id) order.push_back(g.id);
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(std::min(position, order.size())), id);
    Statement st(*db_, "UPDATE groups SET ord = ? WHERE id = ? AND ord IS NOT ?");
    for (size_t i = 0; i < order.size(); ++i) {
        const auto ord = static_cast<int64_t>(i + 1);
        st.bind(1, ord).bind(2, order[i]).bind(3, ord).run();
    }
}

void Store::delete_group(GroupId id) {
    Statement st(*db_, "DELETE FROM groups WHERE id = ?");  // ON DELETE SET NULL does the rest
    st.bind(1, id).run();
}

}  // namespace samsyn::store
