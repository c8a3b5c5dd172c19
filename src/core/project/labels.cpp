// Project: stakeholder groups found by label ("senior" -> Seniorer), and the participants sheet that names them.
#include "core/project/project.hpp"

#include <iterator>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/base/error.hpp"
#include "core/exchange/participants_csv.hpp"
#include "core/text/text.hpp"

namespace samsyn::project {

// [SECTION] groups by label

namespace {
/// "senior" ~ "Seniorer", "anhörig" ~ "Anhöriga", "kommunanställd" ~ "Kommunanställda".
bool label_matches(const std::string& label, const std::string& name) {
    std::string a = text::fold_case(label), b = text::fold_case(name);
    if (a == b) return true;
    static const std::set<std::string> endings = {"", "r", "er", "a", "na", "e", "n", "ar", "or"};
    if (b.rfind(a, 0) == 0 && endings.count(b.substr(a.size()))) return true;
    if (a.rfind(b, 0) == 0 && endings.count(a.substr(b.size()))) return true;
    return false;
}
const std::map<std::string, std::string>& label_synonyms() {
    static const std::map<std::string, std::string> m = {
        {"tjänsteperson", "Kommunanställda"}, {"tjänstepersoner", "Kommunanställda"},
        {"anställd", "Kommunanställda"},      {"personal", "Kommunanställda"},
        {"förtroendevald", "Politiker"},      {"förtroendevalda", "Politiker"},
        {"pensionär", "Seniorer"},            {"pensionärer", "Seniorer"},
        {"äldre", "Seniorer"},                {"närstående", "Anhöriga"},
        {"ideell", "Civilsamhälle"},          {"volontär", "Civilsamhälle"},
        {"volontärer", "Civilsamhälle"},      {"föreningsliv", "Civilsamhälle"},
        {"näringsliv", "Företagare"},         {"företag", "Företagare"},
        {"forskning", "Forskare"},            {"akademi", "Forskare"},
    };
    return m;
}
constexpr const char* k_palette[] = {"#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD", "#2CA02C"};
}  // namespace

std::optional<Group> Project::find_group(const std::string& name) {
    if (auto g = store_->find_group(name)) return g;
    auto groups = store_->groups();
    for (auto& g : groups)
        if (label_matches(name, g.name)) return g;
    auto syn = label_synonyms().find(text::fold_case(name));
    if (syn != label_synonyms().end())
        for (auto& g : groups)
            if (g.name == syn->second) return g;
    return std::nullopt;
}

GroupId Project::group_for_label(const std::string& label) {
    if (auto g = find_group(label)) return g->id;
    std::string name = label;
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    size_t n = store_->groups().size();
    return store_->add_group(name, k_palette[n % std::size(k_palette)]);
}

// [SECTION] participants sheet

Project::SheetReport Project::import_participants(const std::filesystem::path& csv, bool new_groups, bool dry_run) {
    auto rows = exchange::read_participants_csv(csv);
    SheetReport report;
    std::map<std::string, std::optional<GroupId>> groups;  // label -> group (nullopt: a new one)
    for (const auto& r : rows) {
        if (r.group.empty() || groups.count(r.group)) continue;
        auto g = find_group(r.group);
        groups[r.group] = g ? std::optional<GroupId>(g->id) : std::nullopt;
        if (!g) report.new_groups.push_back(r.group);
    }
    for (const auto& r : rows) (store_->find_participant(r.name) ? report.updated : report.created)++;
    if (!report.new_groups.empty() && !new_groups && !dry_run) {
        std::string labels, known;
        for (const auto& l : report.new_groups) labels += (labels.empty() ? "'" : ", '") + l + "'";
        for (const auto& g : store_->groups()) known += (known.empty() ? "" : ", ") + g.name;
        throw ValidationError(csv, "no stakeholder group " + labels + " (groups: " + known +
                              "); to create them, import with --new-group");
    }
    if (dry_run || rows.empty()) return report;
    execute(command([&](store::Store& s) {
        for (auto& [label, id] : groups)
            if (!id) id = group_for_label(label);
        for (const auto& r : rows) {
            Participant p;
            if (auto existing = s.find_participant(r.name)) p = *existing;
            else p.name = r.name;
            if (!r.group.empty()) p.group = groups[r.group];
            if (!r.pseudonym.empty()) p.pseudonym = r.pseudonym;
            if (!r.organisation.empty()) p.organisation = r.organisation;
            if (!r.attributes.empty()) {
                nlohmann::json attrs = nlohmann::json::object();
                for (auto& [k, v] : r.attributes) attrs[k] = v;
                p.attributes = attrs.dump();
            }
            set_participant(p)->apply(s);
        }
        return "Deltagarlista " + csv.filename().string();
    }));
    return report;
}

}  // namespace samsyn::project
