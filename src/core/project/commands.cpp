// Commands: each validates against the store, changes rows and names itself; the journal
// records the inverse (commands.hpp).
#include "core/project/commands.hpp"

#include <algorithm>

#include "core/base/error.hpp"
#include "core/store/store.hpp"

namespace samsyn::project {
namespace {

class FunctionCommand final : public Command {
public:
    explicit FunctionCommand(std::function<std::string(store::Store&)> fn) : fn_(std::move(fn)) {}
    std::string apply(store::Store& s) override { return fn_(s); }

private:
    std::function<std::string(store::Store&)> fn_;
};

class Batch final : public Command {
public:
    Batch(std::string label, std::vector<std::unique_ptr<Command>> parts)
        : label_(std::move(label)), parts_(std::move(parts)) {}
    std::string apply(store::Store& s) override {
        for (auto& p : parts_) p->apply(s);
        return label_;
    }

private:
    std::string label_;
    std::vector<std::unique_ptr<Command>> parts_;
};

std::string id_text(int64_t id) { return std::to_string(id); }

Theme theme_of(store::Store& s, ThemeId id) {
    if (auto t = s.theme(id)) return *t;
    throw ValidationError(ObjectId{ObjectKind::theme, id}, "no theme with id " + id_text(id));
}
Group group_of(store::Store& s, GroupId id) {
    if (auto g = s.group(id)) return *g;
    throw ValidationError(ObjectId{ObjectKind::group, id}, "no stakeholder group with id " + id_text(id));
}
Quote quote_of(store::Store& s, QuoteId id) {
    if (auto q = s.quote(id)) return *q;
    throw ValidationError(ObjectId{ObjectKind::quote, id}, "no quote with id " + id_text(id));
}
DocumentInfo document_of(store::Store& s, DocumentId id) {
    if (auto d = s.document(id)) return *d;
    throw ValidationError(ObjectId{ObjectKind::document, id}, "no document with id " + id_text(id));
}
Participant participant_of(store::Store& s, ParticipantId id) {
    if (auto p = s.participant(id)) return *p;
    throw ValidationError(ObjectId{ObjectKind::participant, id}, "no participant with id " + id_text(id));
}

void require_name(const std::string& name, const char* what) {
    if (name.find_first_not_of(" \t\r\n") == std::string::npos) throw ValidationError(std::string("a ") + what + " needs a name");
}
void require_free_theme_name(store::Store& s, const std::string& name, ThemeId self) {
    require_name(name, "theme");
    if (auto other = s.find_theme(name); other && other->id != self)
        throw ValidationError("theme '" + name + "' exists already");
}
void require_free_group_name(store::Store& s, const std::string& name, GroupId self) {
    require_name(name, "group");
    if (auto other = s.find_group(name); other && other->id != self)
        throw ValidationError("stakeholder group '" + name + "' exists already");
}

/// Offsets of a quote in a document: inside its text, end after start, not only whitespace.
/// (Only the document's length is read: coding thousands of hits in one large transcript
/// asked for its speakers each time.)
void require_segment(store::Store& s, DocumentId doc, int64_t start, int64_t end) {
    const auto characters = s.document_characters(doc);
    if (!characters) throw ValidationError(ObjectId{ObjectKind::document, doc}, "no document with id " + id_text(doc));
    const std::string range = id_text(start) + ".." + id_text(end);
    const ObjectId of{ObjectKind::document, doc};
    if (end <= start) throw ValidationError(of, "offsets " + range + ": the end must come after the start");
    if (start < 0 || end > *characters)
        throw ValidationError(of, "offsets " + range + " are outside document " + id_text(doc) + " (0.." +
                                      id_text(*characters) + ")");
    if (s.segment_is_blank(doc, start, end))
        throw ValidationError(of, "offsets " + range + " of document " + id_text(doc) + " hold only white space");
}

/// `theme` may not become a descendant of itself.
void require_not_below(store::Store& s, ThemeId theme, std::optional<ThemeId> parent) {
    for (auto p = parent; p; p = theme_of(s, *p).parent)
        if (*p == theme) throw ValidationError("theme '" + theme_of(s, theme).name + "' cannot go under itself");
}

}  // namespace

void require_color(const std::string& color) {
    if (color.size() != 7 || color[0] != '#' || color.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
        throw ValidationError("colour '" + color + "' is not of the form #RRGGBB");
}

std::unique_ptr<Command> command(std::function<std::string(store::Store&)> apply) {
    return std::make_unique<FunctionCommand>(std::move(apply));
}

std::unique_ptr<Command> batch(std::string label, std::vector<std::unique_ptr<Command>> parts) {
    return std::make_unique<Batch>(std::move(label), std::move(parts));
}

// [SECTION] themes

std::unique_ptr<Command> add_theme(Theme theme) {
    return command([theme](store::Store& s) mutable {
        require_free_theme_name(s, theme.name, 0);
        if (theme.parent) theme_of(s, *theme.parent);
        // Without a colour, the next of a palette that tells neighbours apart (every theme was blue).
        static constexpr const char* k_theme_palette[] = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
                                                          "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"};
        if (theme.color.empty()) theme.color = k_theme_palette[s.themes().size() % std::size(k_theme_palette)];
        require_color(theme.color);
        s.add_theme(theme);
        return "Nytt tema " + theme.name;
    });
}

std::unique_ptr<Command> rename_theme(ThemeId id, std::string name) {
    return command([id, name](store::Store& s) {
        Theme t = theme_of(s, id);
        require_free_theme_name(s, name, id);
        std::string old = t.name;
        t.name = name;
        s.update_theme(t);
        return "Byt namn på tema " + old + " till " + name;
    });
}

std::unique_ptr<Command> recolor_theme(ThemeId id, std::string color) {
    return command([id, color](store::Store& s) {
        Theme t = theme_of(s, id);
        require_color(color);
        t.color = color;
        s.update_theme(t);
        return "Ny färg på tema " + t.name;
    });
}

std::unique_ptr<Command> describe_theme(ThemeId id, std::string description) {
    return command([id, description](store::Store& s) {
        Theme t = theme_of(s, id);
        t.description = description;
        s.update_theme(t);
        return "Beskriv tema " + t.name;
    });
}

std::unique_ptr<Command> move_theme(ThemeId id, std::optional<ThemeId> parent, size_t position) {
    return command([id, parent, position](store::Store& s) {
        Theme t = theme_of(s, id);
        if (parent) theme_of(s, *parent);
        require_not_below(s, id, parent);
        s.move_theme(id, parent, position);
        return "Flytta tema " + t.name + (parent ? " under " + theme_of(s, *parent).name : std::string());
    });
}

std::unique_ptr<Command> merge_theme(ThemeId from, ThemeId into) {
    return command([from, into](store::Store& s) {
        Theme a = theme_of(s, from), b = theme_of(s, into);
        if (from == into) throw ValidationError("theme '" + a.name + "' cannot be merged into itself");
        for (auto p = b.parent; p; p = theme_of(s, *p).parent)
            if (*p == from)
                throw ValidationError("theme '" + a.name + "' cannot be merged into '" + b.name +
                                      "', which lies under it (merge '" + b.name + "' into '" + a.name + "' instead)");
        s.merge_theme(from, into);
        return "Slå ihop tema " + a.name + " med " + b.name;
    });
}

std::unique_ptr<Command> delete_theme(ThemeId id) {
    return command([id](store::Store& s) {
        Theme t = theme_of(s, id);
        s.delete_theme(id);
        return "Ta bort tema " + t.name;
    });
}

// [SECTION] groups

std::unique_ptr<Command> add_group(std::string name, std::string color) {
    return command([name, color](store::Store& s) {
        require_free_group_name(s, name, 0);
        require_color(color);
        s.add_group(name, color);
        return "Ny grupp " + name;
    });
}

std::unique_ptr<Command> rename_group(GroupId id, std::string name) {
    return command([id, name](store::Store& s) {
        Group g = group_of(s, id);
        require_free_group_name(s, name, id);
        s.rename_group(id, name);
        return "Byt namn på grupp " + g.name + " till " + name;
    });
}

std::unique_ptr<Command> recolor_group(GroupId id, std::string color) {
    return command([id, color](store::Store& s) {
        Group g = group_of(s, id);
        require_color(color);
        s.set_group_color(id, color);
        return "Ny färg på grupp " + g.name;
    });
}

std::unique_ptr<Command> move_group(GroupId id, size_t position) {
    return command([id, position](store::Store& s) {
        Group g = group_of(s, id);
        s.move_group(id, position);
        return "Flytta grupp " + g.name;
    });
}

std::unique_ptr<Command> delete_group(GroupId id) {
    return command([id](store::Store& s) {
        Group g = group_of(s, id);
        s.delete_group(id);
        return "Ta bort grupp " + g.name;
    });
}

// [SECTION] quotes

std::unique_ptr<Command> code_segment(DocumentId doc, int64_t start, int64_t end, std::vector<ThemeId> themes,
                                      std::optional<GroupId> group, std::string coder) {
    return command([=](store::Store& s) {
        require_segment(s, doc, start, end);
        std::string names;
        for (ThemeId t : themes) names += (names.empty() ? "" : ", ") + theme_of(s, t).name;
        if (group) group_of(s, *group);
        if (auto existing = s.find_quote(doc, start, end)) {
            for (ThemeId t : themes) s.add_quote_theme(*existing, t);
            if (group) s.set_quote_group(*existing, group);
        } else {
            Quote q;
            q.document = doc;
            q.start = start;
            q.end = end;
            q.group = group;
            q.coder = coder;
            q.themes = themes;
            s.add_quote(q);
        }
        return "Koda citat" + (names.empty() ? std::string() : " som " + names);
    });
}

std::unique_ptr<Command> code_with_new_theme(DocumentId doc, int64_t start, int64_t end, Theme theme) {
    return command([=](store::Store& s) {
        add_theme(theme)->apply(s);
        const ThemeId id = s.find_theme(theme.name)->id;
        code_segment(doc, start, end, {id}, std::nullopt, "")->apply(s);
        return "Koda citat som nytt tema " + theme.name;
    });
}

std::unique_ptr<Command> tag_quote(QuoteId quote, ThemeId theme) {
    return command([quote, theme](store::Store& s) {
        quote_of(s, quote);
        Theme t = theme_of(s, theme);
        s.add_quote_theme(quote, theme);
        return "Koda citat " + id_text(quote) + " som " + t.name;
    });
}

std::unique_ptr<Command> untag_quote(QuoteId quote, ThemeId theme) {
    return command([quote, theme](store::Store& s) {
        quote_of(s, quote);
        Theme t = theme_of(s, theme);
        s.remove_quote_theme(quote, theme);
        return "Ta bort tema " + t.name + " från citat " + id_text(quote);
    });
}

std::unique_ptr<Command> resize_quote(QuoteId quote, int64_t start, int64_t end) {
    return command([quote, start, end](store::Store& s) {
        Quote q = quote_of(s, quote);
        require_segment(s, q.document, start, end);
        if (auto other = s.find_quote(q.document, start, end); other && *other != quote)
            throw ValidationError(ObjectId{ObjectKind::quote, *other}, "quote " + id_text(*other) + " has these offsets already");
        s.resize_quote(quote, start, end);
        return "Ändra längd på citat " + id_text(quote);
    });
}

std::unique_ptr<Command> set_quote_group(QuoteId quote, std::optional<GroupId> group) {
    return command([quote, group](store::Store& s) {
        quote_of(s, quote);
        std::string name = group ? group_of(s, *group).name : std::string("talarens grupp");
        s.set_quote_group(quote, group);
        return "Citat " + id_text(quote) + " till " + name;
    });
}

std::unique_ptr<Command> set_quote_memo(QuoteId quote, std::string memo) {
    return command([quote, memo](store::Store& s) {
        quote_of(s, quote);
        s.set_quote_memo(quote, memo);
        return "Memo på citat " + id_text(quote);
    });
}

std::unique_ptr<Command> delete_quote(QuoteId quote) {
    return command([quote](store::Store& s) {
        quote_of(s, quote);
        s.delete_quote(quote);
        return "Ta bort citat " + id_text(quote);
    });
}

// [SECTION] memos

std::unique_ptr<Command> set_memo(std::string kind, int64_t target, std::string text) {
    return command([kind, target, text](store::Store& s) {
        std::string what;
        if (kind == "project") what = "projektet";
        else if (kind == "document") what = "dokument " + document_of(s, target).title;
        else if (kind == "theme") what = "tema " + theme_of(s, target).name;
        else if (kind == "quote") return set_quote_memo(target, text)->apply(s);
        else throw ValidationError("a memo belongs to the project, a document, a theme or a quote, not '" + kind + "'");
        s.set_memo(kind, kind == "project" ? 0 : target, text);
        return (text.empty() ? "Ta bort memo på " : "Memo på ") + what;
    });
}

// [SECTION] documents

std::unique_ptr<Command> rename_document(DocumentId doc, std::string title) {
    return command([doc, title](store::Store& s) {
        DocumentInfo d = document_of(s, doc);
        require_name(title, "document");
        s.rename_document(doc, title);
        return "Byt namn på dokument " + d.title + " till " + title;
    });
}

std::unique_ptr<Command> set_document_group(DocumentId doc, std::optional<GroupId> group) {
    return command([doc, group](store::Store& s) {
        DocumentInfo d = document_of(s, doc);
        std::string name = group ? group_of(s, *group).name : std::string("ingen grupp");
        s.set_document_group(doc, group);
        return "Dokument " + d.title + " till " + name;
    });
}

std::unique_ptr<Command> delete_document(DocumentId doc) {
    return command([doc](store::Store& s) {
        DocumentInfo d = document_of(s, doc);
        s.delete_document(doc);
        return "Ta bort dokument " + d.title;
    });
}

// [SECTION] people

std::unique_ptr<Command> set_participant(Participant p) {
    return command([p](store::Store& s) mutable {
        require_name(p.name, "participant");
        if (p.group) group_of(s, *p.group);
        if (auto other = s.find_participant(p.name); other && other->id != p.id)
            throw ValidationError("participant '" + p.name + "' exists already");
        if (p.id == 0) {
            p.id = s.ensure_participant(p.name, p.group);
            if (p.pseudonym.empty()) p.pseudonym = participant_of(s, p.id).pseudonym;
            s.update_participant(p);
            return "Ny deltagare " + p.name;
        }
        Participant old = participant_of(s, p.id);
        if (p.pseudonym.empty()) p.pseudonym = old.pseudonym;
        s.update_participant(p);
        return "Ändra deltagare " + (old.name == p.name ? p.name : old.name + " till " + p.name);
    });
}

std::unique_ptr<Command> merge_participants(ParticipantId from, ParticipantId into) {
    return command([from, into](store::Store& s) {
        Participant a = participant_of(s, from), b = participant_of(s, into);
        if (from == into) throw ValidationError("participant '" + a.name + "' cannot be merged with itself");
        s.merge_participants(from, into);
        return "Slå ihop deltagare " + a.name + " med " + b.name;
    });
}

}  // namespace samsyn::project
