#pragma once
// The 360° matrix: themes x stakeholder groups, with the quotes and the distinct participants
// of each cell, counted by SQL aggregation (never by loading every quote).
#include <vector>

#include "core/store/model.hpp"

namespace samsyn::store {
class Store;
}

namespace samsyn::analysis {

struct MatrixCell {
    ThemeId theme = 0;
    GroupId group = 0;
    int64_t quotes = 0;
    int64_t participants = 0;  ///< distinct speakers among those quotes
};

struct Matrix {
    std::vector<Theme> themes;
    std::vector<Group> groups;
    std::vector<MatrixCell> cells;  ///< every theme x group, in theme then group order
};

/// The matrix of the project as it is now: a quote counts in the column of its group (its
/// override, else its speaker's, else its document's). @throws StoreError
Matrix build_matrix(store::Store& store);

}  // namespace samsyn::analysis
