// Store: themes (the codebook).
#include "core/store/store.hpp"

#include <algorithm>

#include "core/text/text.hpp"

namespace samsyn::store {

namespace {
Theme read_theme(Statement& st) {
    return Theme{st.int64(0), st.text(1), st.text(2), st.text(3), st.opt_int64(4), static_cast<int>(st.int64(5))};
}
constexpr const char* k_theme_cols = "SELECT id, name, description, color, parent_id, ord FROM themes ";
}  // namespace

std::vector<Theme> Store::themes() {
    Statement st(*db_, std::string(k_theme_cols) + "ORDER BY ord, id");
    std::vector<Theme> out;
    while (st.step()) out.push_back(read_theme(st));
    return out;
}

std::optional<Theme> Store::theme(ThemeId id) {
    Statement st(*db_, std::string(k_theme_cols) + "WHERE id = ?");
    st.bind(1, id);
    if (st.step()) return read_theme(st);
    return std::nullopt;
}

std::optional<Theme> Store::find_theme(const std::string& name) {
    Statement st(*db_, std::string(k_theme_cols) + "WHERE name = ? COLLATE NOCASE");
    st.bind(1, name);
    if (st.step()) return read_theme(st);
    // SQLite's NOCASE folds ASCII only; fold the rest (Å/å, Ö/ö) with ICU, as find_group does.
    const std::string folded = text::fold_case(name);
    for (auto& t : themes())
        if (text::fold_case(t.name) == folded) return t;
    return std::nullopt;
}

ThemeId Store::add_theme(const Theme& t) {
    Statement st(*db_,
                 "INSERT INTO themes(id, name, description, color, parent_id, ord) VALUES(?, ?, ?, ?, ?, "
                 "(SELECT COALESCE(MAX(ord), 0) + 1 FROM themes))");
    if (t.id) st.bind(1, t.id); else st.bind_null(1);
    st.bind(2, t.name).bind(3, t.description).bind(4, t.color).bind(5, t.parent).run();
    return db_->last_insert_id();
}

void Store::update_theme(const Theme& t) {
    Statement st(*db_, "UPDATE themes SET name = ?, description = ?, color = ?, parent_id = ? WHERE id = ?");
    st.bind(1, t.name).bind(2, t.description).bind(3, t.color).bind(4, t.parent).bind(5, t.id).run();
}

void Store::move_theme(ThemeId id, std::optional<ThemeId> parent, size_t position) {
    Statement set_parent(*db_, "UPDATE themes SET parent_id = ? WHERE id = ?");
    set_parent.bind(1, parent).bind(2, id).run();
    Statement sib(*db_, "SELECT id FROM themes WHERE parent_id IS ? AND id != ? ORDER BY ord, id");
    sib.bind(1, parent).bind(2, id);
    std::vector<ThemeId> order;
    while (sib.step()) order.push_back(sib.int64(0));
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(std::min(position, order.size())), id);
    Statement st(*db_, "UPDATE themes SET ord = ? WHERE id = ? AND ord IS NOT ?");
    for (size_t i = 0; i < order.size(); ++i) {
        const auto ord = static_cast<int64_t>(i + 1);
        st.bind(1, ord).bind(2, order[i]).bind(3, ord).run();
    }
}

void Store::delete_theme(ThemeId id) {
    Statement up(*db_, "UPDATE themes SET parent_id = (SELECT parent_id FROM themes WHERE id = ?1) WHERE parent_id = ?1");
    up.bind(1, id).run();
    Statement st(*db_, "DELETE FROM themes WHERE id = ?");
    st.bind(1, id).run();
}

int64_t Store::theme_quote_count(ThemeId id) {
    Statement st(*db_, "SELECT COUNT(*) FROM quote_themes WHERE theme_id = ?");
    st.bind(1, id);
    st.step();
    return st.int64(0);
}

void Store::merge_theme(ThemeId from, ThemeId into) {
    Statement code(*db_,
                   "INSERT OR IGNORE INTO quote_themes(quote_id, theme_id) SELECT quote_id, ?1 FROM quote_themes "
                   "WHERE theme_id = ?2");
    code.bind(1, into).bind(2, from).run();
    Statement kids(*db_, "UPDATE themes SET parent_id = ?1 WHERE parent_id = ?2");
    kids.bind(1, into).bind(2, from).run();
    Statement st(*db_, "DELETE FROM themes WHERE id = ?");
    st.bind(1, from).run();
}

}  // namespace samsyn::store
