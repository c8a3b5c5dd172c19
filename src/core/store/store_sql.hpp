#pragma once
// SQL shared by the store's table families (store/*.cpp); not part of the store's API.
#include <cstdint>
#include <string>
#include <vector>

namespace samsyn::store::detail {

/// A unit's stakeholder group, with its speaker as p and its document as d: the speaker's
/// group, else the document's unless the speaker is an interviewer. (for_each_unit applies
/// the same rule with its per-document caches.)
inline const std::string k_unit_group = "COALESCE(p.group_id, CASE WHEN p.interviewer THEN NULL ELSE d.default_group_id END)";
/// A quote's group, with its speaker as p and its document as d: its override, else its unit group.
inline const std::string k_quote_group = "COALESCE(q.group_id, " + k_unit_group + ")";

/// Ids as a JSON array, bound to `IN (SELECT value FROM json_each(?))`.
inline std::string json_ids(const std::vector<int64_t>& ids) {
    std::string list = "[";
    for (int64_t id : ids) list += (list.size() > 1 ? "," : "") + std::to_string(id);
    return list + "]";
}

}  // namespace samsyn::store::detail
