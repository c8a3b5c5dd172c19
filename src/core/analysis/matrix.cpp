#include "core/analysis/matrix.hpp"

#include <map>

#include "core/store/store.hpp"

namespace samsyn::analysis {

Matrix build_matrix(store::Store& store) {
    Matrix m;
    m.themes = store.themes();
    m.groups = store.groups();
    std::map<std::pair<ThemeId, GroupId>, store::Store::CellCount> counts;
    for (const auto& c : store.theme_group_counts()) counts[{c.theme, c.group}] = c;
    m.cells.reserve(m.themes.size() * m.groups.size());
    for (const auto& t : m.themes) {
        for (const auto& g : m.groups) {
            MatrixCell cell{t.id, g.id, 0, 0};
            if (auto it = counts.find({t.id, g.id}); it != counts.end()) {
                cell.quotes = it->second.quotes;
                cell.participants = it->second.participants;
            }
            m.cells.push_back(cell);
        }
    }
    return m;
}

}  // namespace samsyn::analysis
