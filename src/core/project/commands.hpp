#pragma once
// [SECTION] index
//   Command       one user action: apply / revert / describe (ImHex's Operation shape)
//   History       undo/redo stacks
//   commands      AddTheme, CodeSegment, TagQuote, UntagQuote, DeleteQuote, RenameGroup,
//                 SetSpeakerGroup, Batch
// A command runs inside the Project's transaction and returns the units whose index
// filters changed; Project updates the index and bumps the revision.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/store/model.hpp"

namespace samsyn::store {
class Store;
}

namespace samsyn::project {

/// What a command changed that the index must follow.
struct Effect {
    std::vector<UnitId> units;  ///< units whose filter terms (group, speaker, themes) changed
    bool all_units = false;     ///< every unit (e.g. a speaker's group changed)
};

class Command {
public:
    virtual ~Command() = default;
    /// Applies the change. @throws ValidationError when it makes no sense (unknown theme...)
    virtual Effect apply(store::Store& store) = 0;
    /// Undoes exactly what apply did.
    virtual Effect revert(store::Store& store) = 0;
    /// One line for the undo menu ("Koda citat som Ensamhet").
    virtual std::string describe() const = 0;
};

class History {
public:
    void push(std::unique_ptr<Command> c);
    std::unique_ptr<Command> take_undo();
    std::unique_ptr<Command> take_redo();
    void push_redo(std::unique_ptr<Command> c) { redo_.push_back(std::move(c)); }
    void push_undo_keep_redo(std::unique_ptr<Command> c) { undo_.push_back(std::move(c)); }
    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    std::string undo_label() const { return undo_.empty() ? "" : undo_.back()->describe(); }
    std::string redo_label() const { return redo_.empty() ? "" : redo_.back()->describe(); }

private:
    std::vector<std::unique_ptr<Command>> undo_, redo_;
};

// [SECTION] commands

/// Adds a theme (parent by id).
std::unique_ptr<Command> add_theme(Theme theme);
/// Codes [start, end) code points of a document as a quote with these themes; when a quote
/// with exactly these offsets exists, the themes are added to it. `group` overrides the
/// group that the speaker or the document gives.
std::unique_ptr<Command> code_segment(DocumentId doc, int64_t start, int64_t end, std::vector<ThemeId> themes,
                                      std::optional<GroupId> group, std::string coder);
/// Removes a theme from a quote.
std::unique_ptr<Command> untag_quote(QuoteId quote, ThemeId theme);
/// Deletes a quote.
std::unique_ptr<Command> delete_quote(QuoteId quote);
/// Renames a stakeholder group.
std::unique_ptr<Command> rename_group(GroupId group, std::string name);
/// Sets a participant's name, pseudonym, group and organisation (by p.id); when the
/// participant does not exist yet (p.id == 0), creates it. Quotes keep the group they
/// were coded with; search filters follow the new group.
std::unique_ptr<Command> set_participant(Participant p);
/// Several commands as one undo step (autocode).
std::unique_ptr<Command> batch(std::string label, std::vector<std::unique_ptr<Command>> parts);

}  // namespace samsyn::project
