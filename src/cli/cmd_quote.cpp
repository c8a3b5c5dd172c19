// code, quote tag|untag|resize|group|memo|delete, quotes
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using nlohmann::json;
using project::Project;

void add_code(CLI::App& app, Runner& r) {
    struct Args : Common {
        std::string group, coder;
        std::vector<std::string> themes;
        int64_t doc = 0, start = 0, end = 0;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "code", "Code a segment of a document as a quote",
                     "samsyn-cli code hemtjanst.samsyn --doc 3 --start 120 --end 245 --theme Trygghet", *a);
    cmd->add_option("--doc", a->doc, "Document id")->required()->check(document_id());
    cmd->add_option("--start", a->start, "Start (code points into the document text)")->required();
    cmd->add_option("--end", a->end, "End (code points, exclusive)")->required();
    cmd->add_option("--theme", a->themes, "Theme (repeatable)")->required();
    cmd->add_option("--group", a->group, "Stakeholder group (default: the speaker's or the document's)");
    cmd->add_option("--coder", a->coder, "Who coded it");
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project);
            auto id = p->code(a->doc, a->start, a->end, a->themes, a->group, a->coder);
            if (a->json) print_json({{"quote", id}});
            else std::cout << "quote " << id << "\n";
            return 0;
        };
    });
}

void add_quote(CLI::App& app, Runner& r) {
    auto* quote = app.add_subcommand("quote", "Change one quote");
    quote->require_subcommand(1);
    quote->footer("Example:\n  samsyn-cli quote tag hemtjanst.samsyn 12 Trygghet");
    const std::string p = "samsyn-cli quote ";
    struct Args : Common {
        int64_t id = 0;
        std::string value;
        int64_t start = 0, end = 0;
    };
    auto theme_change = [&](const char* name, const char* help, bool tag) {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*quote, name, help, p + name + " hemtjanst.samsyn 12 Trygghet", *a);
        cmd->add_option("id", a->id, "Quote id")->required();
        cmd->add_option("theme", a->value, "Theme")->required();
        change(cmd, r, a, [a, tag](Project& pr) {
            auto t = pr.require_theme(a->value).id;
            return pr.execute(tag ? project::tag_quote(a->id, t) : project::untag_quote(a->id, t));
        });
    };
    theme_change("tag", "Code a quote with one more theme", true);
    theme_change("untag", "Take a theme off a quote", false);
    {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*quote, "resize", "Give a quote new offsets (code points, end exclusive)",
                         p + "resize hemtjanst.samsyn 12 118 260", *a);
        cmd->add_option("id", a->id, "Quote id")->required();
        cmd->add_option("start", a->start, "New start")->required();
        cmd->add_option("end", a->end, "New end")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::resize_quote(a->id, a->start, a->end)); });
    }
    {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*quote, "group", "Set a quote's stakeholder group (\"\" follows the speaker again)",
                         p + "group hemtjanst.samsyn 12 Anhöriga", *a);
        cmd->add_option("id", a->id, "Quote id")->required();
        cmd->add_option("group", a->value, "Group, or \"\"")->required();
        change(cmd, r, a, [a](Project& pr) {
            std::optional<GroupId> g;
            if (!a->value.empty()) g = pr.require_group(a->value).id;
            return pr.execute(project::set_quote_group(a->id, g));
        });
    }
    {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*quote, "memo", "Set a quote's memo (\"\" clears it)",
                         p + "memo hemtjanst.samsyn 12 'Jämför med protokollet 3 okt'", *a);
        cmd->add_option("id", a->id, "Quote id")->required();
        cmd->add_option("text", a->value, "Memo")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::set_quote_memo(a->id, a->value)); });
    }
    {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*quote, "delete", "Delete a quote", p + "delete hemtjanst.samsyn 12", *a);
        cmd->add_option("id", a->id, "Quote id")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::delete_quote(a->id)); });
    }
}

void add_quotes(CLI::App& app, Runner& r) {
    struct Args : Common {
        std::string theme, group;
        int64_t doc = 0;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = leaf(app, "quotes", "List coded quotes", "samsyn-cli quotes hemtjanst.samsyn --theme Trygghet", *a);
    cmd->add_option("--theme", a->theme, "Only quotes with this theme");
    cmd->add_option("--group", a->group, "Only quotes of this stakeholder group");
    cmd->add_option("--doc", a->doc, "Only quotes of this document")->check(document_id());
    cmd->callback([&r, a] {
        r.action = [a] {
            auto p = Project::open(a->project, Project::Mode::Read);
            store::QuoteFilter f;
            if (!a->theme.empty()) f.theme = p->require_theme(a->theme).id;
            if (!a->group.empty()) f.group = p->require_group(a->group).id;
            if (a->doc) {
                if (!p->document(a->doc)) throw ValidationError("no document with id " + std::to_string(a->doc));
                f.document = a->doc;
            }
            auto quotes = p->quotes(f);
            if (a->json) {
                json out = json::array();
                for (const auto& q : quotes)
                    out.push_back({{"id", q.id}, {"document", q.document}, {"start", q.start}, {"end", q.end},
                                   {"text", q.text}, {"themes", q.theme_names}, {"group", or_null(q.group_name)},
                                   {"group_overridden", q.group_overridden}, {"speaker", or_null(q.speaker)},
                                   {"memo", q.memo}, {"coder", q.coder}, {"created_at", q.created_at}});
                print_json({{"quotes", out}});
                return 0;
            }
            std::cout << "id\tdocument\tstart-end\tthemes\tgroup\tspeaker\ttext\n";
            for (const auto& q : quotes) {
                std::cout << q.id << "\t" << q.document << "\t" << q.start << "-" << q.end << "\t";
                for (size_t i = 0; i < q.theme_names.size(); ++i) std::cout << (i ? ", " : "") << q.theme_names[i];
                // One line per quote: a quote over several paragraphs has its breaks shown as " / ".
                std::string text;
                for (char c : q.text) {
                    if (c == '\t') text += ' ';
                    else if (c != '\n') text += c;
                    else if (!text.ends_with(" / ")) text += " / ";
                }
                std::cout << "\t" << (q.group_name.empty() ? "-" : q.group_name) << "\t"
                          << (q.speaker.empty() ? "-" : q.speaker) << "\t" << text << "\n";
            }
            return 0;
        };
    });
}

}  // namespace samsyn::cli
