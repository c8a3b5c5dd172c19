#include "core/project/commands.hpp"

#include <algorithm>

#include "core/base/error.hpp"
#include "core/store/store.hpp"

namespace samsyn::project {

void History::push(std::unique_ptr<Command> c) {
    undo_.push_back(std::move(c));
    redo_.clear();
}
std::unique_ptr<Command> History::take_undo() {
    if (undo_.empty()) return nullptr;
    auto c = std::move(undo_.back());
    undo_.pop_back();
    return c;
}
std::unique_ptr<Command> History::take_redo() {
    if (redo_.empty()) return nullptr;
    auto c = std::move(redo_.back());
    redo_.pop_back();
    return c;
}

namespace {

class AddTheme final : public Command {
public:
    explicit AddTheme(Theme t) : theme_(std::move(t)) {}
    Effect apply(store::Store& s) override {
        if (theme_.name.empty()) throw ValidationError("a theme needs a name");
        if (s.find_theme(theme_.name)) throw ValidationError("theme '" + theme_.name + "' exists already");
        if (theme_.parent && !s.theme(*theme_.parent))
            throw ValidationError("no parent theme with id " + std::to_string(*theme_.parent));
        theme_.id = s.add_theme(theme_);
        return {};
    }
    Effect revert(store::Store& s) override {
        s.delete_theme(theme_.id);
        return {};
    }
    std::string describe() const override { return "Nytt tema " + theme_.name; }

private:
    Theme theme_;
};

class CodeSegment final : public Command {
public:
    CodeSegment(DocumentId doc, int64_t start, int64_t end, std::vector<ThemeId> themes,
                std::optional<GroupId> group, std::string coder)
        : doc_(doc), start_(start), end_(end), themes_(std::move(themes)), group_(group), coder_(std::move(coder)) {}

    Effect apply(store::Store& s) override {
        auto info = s.document(doc_);
        if (!info) throw ValidationError("no document with id " + std::to_string(doc_));
        if (end_ <= start_)
            throw ValidationError("offsets " + std::to_string(start_) + ".." + std::to_string(end_) +
                                  ": the end must come after the start");
        if (start_ < 0 || end_ > info->characters)
            throw ValidationError("offsets " + std::to_string(start_) + ".." + std::to_string(end_) +
                                  " are outside document " + std::to_string(doc_) + " (0.." +
                                  std::to_string(info->characters) + ")");
        for (ThemeId t : themes_)
            if (!s.theme(t)) throw ValidationError("no theme with id " + std::to_string(t));
        added_themes_.clear();
        if (auto existing = s.find_quote(doc_, start_, end_)) {
            quote_ = *existing;
            created_ = false;
            auto q = s.quote(quote_);
            for (ThemeId t : themes_) {
                if (std::find(q->themes.begin(), q->themes.end(), t) == q->themes.end()) {
                    s.add_quote_theme(quote_, t);
                    added_themes_.push_back(t);
                }
            }
        } else {
            Quote q;
            q.id = quote_;  // 0 the first time; the same id on redo
            q.document = doc_;
            q.start = start_;
            q.end = end_;
            q.group = group_ ? group_ : s.group_of_segment(doc_, start_, end_);
            q.coder = coder_;
            q.themes = themes_;
            quote_ = s.add_quote(q);
            created_ = true;
            added_themes_ = themes_;
        }
        return {s.units_overlapping(doc_, start_, end_), false};
    }
    Effect revert(store::Store& s) override {
        if (created_) {
            s.delete_quote(quote_);
        } else {
            for (ThemeId t : added_themes_) s.remove_quote_theme(quote_, t);
        }
        return {s.units_overlapping(doc_, start_, end_), false};
    }
    std::string describe() const override { return "Koda citat"; }
    QuoteId quote() const { return quote_; }

private:
    DocumentId doc_;
    int64_t start_, end_;
    std::vector<ThemeId> themes_;
    std::optional<GroupId> group_;
    std::string coder_;
    QuoteId quote_ = 0;
    bool created_ = false;
    std::vector<ThemeId> added_themes_;
};

class UntagQuote final : public Command {
public:
    UntagQuote(QuoteId q, ThemeId t) : quote_(q), theme_(t) {}
    Effect apply(store::Store& s) override {
        auto q = s.quote(quote_);
        if (!q) throw ValidationError("no quote with id " + std::to_string(quote_));
        doc_ = q->document;
        start_ = q->start;
        end_ = q->end;
        s.remove_quote_theme(quote_, theme_);
        return {s.units_overlapping(doc_, start_, end_), false};
    }
    Effect revert(store::Store& s) override {
        s.add_quote_theme(quote_, theme_);
        return {s.units_overlapping(doc_, start_, end_), false};
    }
    std::string describe() const override { return "Ta bort tema från citat"; }

private:
    QuoteId quote_;
    ThemeId theme_;
    DocumentId doc_ = 0;
    int64_t start_ = 0, end_ = 0;
};

class DeleteQuote final : public Command {
public:
    explicit DeleteQuote(QuoteId q) : id_(q) {}
    Effect apply(store::Store& s) override {
        auto q = s.quote(id_);
        if (!q) throw ValidationError("no quote with id " + std::to_string(id_));
        saved_ = *q;
        s.delete_quote(id_);
        return {s.units_overlapping(saved_.document, saved_.start, saved_.end), false};
    }
    Effect revert(store::Store& s) override {
        s.add_quote(saved_);
        return {s.units_overlapping(saved_.document, saved_.start, saved_.end), false};
    }
    std::string describe() const override { return "Ta bort citat"; }

private:
    QuoteId id_;
    Quote saved_;
};

class RenameGroup final : public Command {
public:
    RenameGroup(GroupId g, std::string name) : group_(g), name_(std::move(name)) {}
    Effect apply(store::Store& s) override {
        auto g = s.group(group_);
        if (!g) throw ValidationError("no group with id " + std::to_string(group_));
        if (name_.empty()) throw ValidationError("a group needs a name");
        if (auto other = s.find_group(name_); other && other->id != group_)
            throw ValidationError("group '" + name_ + "' exists already");
        old_ = g->name;
        s.rename_group(group_, name_);
        return {};  // filters hold group ids, which do not change
    }
    Effect revert(store::Store& s) override {
        s.rename_group(group_, old_);
        return {};
    }
    std::string describe() const override { return "Byt namn på grupp till " + name_; }

private:
    GroupId group_;
    std::string name_, old_;
};

class SetParticipant final : public Command {
public:
    explicit SetParticipant(Participant p) : new_(std::move(p)) {}
    Effect apply(store::Store& s) override {
        if (new_.name.empty()) throw ValidationError("a participant needs a name");
        if (new_.group && !s.group(*new_.group)) throw ValidationError("no group with id " + std::to_string(*new_.group));
        if (auto other = s.find_participant(new_.name); other && other->id != new_.id)
            throw ValidationError("participant '" + new_.name + "' exists already");
        if (new_.id == 0 || created_) {
            ParticipantId id = s.ensure_participant(new_.name, new_.group);
            new_.id = id;
            if (new_.pseudonym.empty()) new_.pseudonym = s.participant(id)->pseudonym;
            s.update_participant(new_);
            created_ = true;
            return {};
        }
        auto old = s.participant(new_.id);
        if (!old) throw ValidationError("no participant with id " + std::to_string(new_.id));
        old_ = *old;
        if (new_.pseudonym.empty()) new_.pseudonym = old_.pseudonym;
        s.update_participant(new_);
        return {s.units_of_speaker(new_.id), false};
    }
    Effect revert(store::Store& s) override {
        if (created_) {
            s.delete_participant(new_.id);
            return {};
        }
        s.update_participant(old_);
        return {s.units_of_speaker(new_.id), false};
    }
    std::string describe() const override { return "Ändra deltagare " + new_.name; }

private:
    Participant new_, old_;
    bool created_ = false;
};

class Batch final : public Command {
public:
    Batch(std::string label, std::vector<std::unique_ptr<Command>> parts)
        : label_(std::move(label)), parts_(std::move(parts)) {}
    Effect apply(store::Store& s) override {
        Effect all;
        for (auto& p : parts_) merge(all, p->apply(s));
        return all;
    }
    Effect revert(store::Store& s) override {
        Effect all;
        for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) merge(all, (*it)->revert(s));
        return all;
    }
    std::string describe() const override { return label_; }

private:
    static void merge(Effect& a, const Effect& b) {
        a.all_units = a.all_units || b.all_units;
        a.units.insert(a.units.end(), b.units.begin(), b.units.end());
    }
    std::string label_;
    std::vector<std::unique_ptr<Command>> parts_;
};

}  // namespace

std::unique_ptr<Command> add_theme(Theme theme) { return std::make_unique<AddTheme>(std::move(theme)); }
std::unique_ptr<Command> code_segment(DocumentId doc, int64_t start, int64_t end, std::vector<ThemeId> themes,
                                      std::optional<GroupId> group, std::string coder) {
    return std::make_unique<CodeSegment>(doc, start, end, std::move(themes), group, std::move(coder));
}
std::unique_ptr<Command> untag_quote(QuoteId quote, ThemeId theme) { return std::make_unique<UntagQuote>(quote, theme); }
std::unique_ptr<Command> delete_quote(QuoteId quote) { return std::make_unique<DeleteQuote>(quote); }
std::unique_ptr<Command> rename_group(GroupId group, std::string name) {
    return std::make_unique<RenameGroup>(group, std::move(name));
}
std::unique_ptr<Command> set_participant(Participant p) { return std::make_unique<SetParticipant>(std::move(p)); }
std::unique_ptr<Command> batch(std::string label, std::vector<std::unique_ptr<Command>> parts) {
    return std::make_unique<Batch>(std::move(label), std::move(parts));
}

}  // namespace samsyn::project
