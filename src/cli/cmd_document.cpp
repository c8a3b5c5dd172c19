// document rename|group|delete
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/error.hpp"

namespace samsyn::cli {

using project::Project;

void add_document(CLI::App& app, Runner& r) {
    auto* document = app.add_subcommand("document", "Change one document");
    document->require_subcommand(1);
    document->footer("Example:\n  samsyn-cli document rename hemtjanst.samsyn 3 'Intervju med Kjell'");
    struct Args : Common {
        int64_t id = 0;
        std::string value;
    };
    {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*document, "rename", "Give a document a new title",
                         "samsyn-cli document rename hemtjanst.samsyn 3 'Intervju med Kjell'", *a);
        cmd->add_option("id", a->id, "Document id")->required()->check(document_id());
        cmd->add_option("title", a->value, "New title")->required();
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::rename_document(a->id, a->value)); });
    }
    {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*document, "group", "Set a document's stakeholder group (\"\" for none)",
                         "samsyn-cli document group hemtjanst.samsyn 3 Seniorer", *a);
        cmd->add_option("id", a->id, "Document id")->required()->check(document_id());
        cmd->add_option("group", a->value, "Group, or \"\"")->required();
        change(cmd, r, a, [a](Project& pr) {
            std::optional<GroupId> g;
            if (!a->value.empty()) g = pr.require_group(a->value).id;
            return pr.execute(project::set_document_group(a->id, g));
        });
    }
    {
        auto a = std::make_shared<Args>();
        auto* cmd = leaf(*document, "delete", "Delete a document with its quotes (undo brings it back)",
                         "samsyn-cli document delete hemtjanst.samsyn 3", *a);
        cmd->add_option("id", a->id, "Document id")->required()->check(document_id());
        change(cmd, r, a, [a](Project& pr) { return pr.execute(project::delete_document(a->id)); });
    }
}

}  // namespace samsyn::cli
