#pragma once
// [SECTION] index
//   Command    one user action: apply + describe. Project::execute runs it in one
//              transaction as one step of the undo journal (store/journal.hpp), which
//              records its inverse row by row: a command never writes its own undo.
//   themes     add, rename, recolour, describe, move, merge, delete
//   groups     add, rename, recolour, move, delete
//   quotes     code, tag, untag, resize, group, memo, delete
//   memos      project, document, theme
//   documents  rename, group, delete
//   people     set (name, pseudonym, group, organisation; creates), merge
//   batch      several commands as one step
// Commands validate against the store when applied and throw ValidationError naming what
// is wrong; nothing is then written.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/store/model.hpp"

namespace samsyn::store {
class Store;
}

namespace samsyn::project {

class Command {
public:
    virtual ~Command() = default;
    /// Applies the change inside the caller's transaction and journal step. @returns the
    /// step's description, one line for the history and the undo menu ("Koda citat som Ensamhet").
    /// @throws ValidationError when it makes no sense (unknown theme, bad offsets...)
    virtual std::string apply(store::Store& store) = 0;
};

/// A command from a function that applies it and returns its description.
std::unique_ptr<Command> command(std::function<std::string(store::Store&)> apply);

// [SECTION] themes
/// Adds a theme; without a colour it takes the next of a palette that tells neighbours apart.
std::unique_ptr<Command> add_theme(Theme theme);
std::unique_ptr<Command> rename_theme(ThemeId theme, std::string name);
std::unique_ptr<Command> recolor_theme(ThemeId theme, std::string color);
std::unique_ptr<Command> describe_theme(ThemeId theme, std::string description);
/// Moves a theme under `parent` (top level when none) at `position` among its siblings (0-based).
std::unique_ptr<Command> move_theme(ThemeId theme, std::optional<ThemeId> parent, size_t position);
/// Codes every quote of `from` with `into`, moves its sub-themes under `into`, deletes `from`.
std::unique_ptr<Command> merge_theme(ThemeId from, ThemeId into);
/// Deletes a theme: its quotes lose it (quotes themselves stay), its sub-themes move up.
std::unique_ptr<Command> delete_theme(ThemeId theme);

// [SECTION] groups
std::unique_ptr<Command> add_group(std::string name, std::string color);
std::unique_ptr<Command> rename_group(GroupId group, std::string name);
std::unique_ptr<Command> recolor_group(GroupId group, std::string color);
/// Moves a group to `position` (0-based) in the order of groups (the matrix's columns).
std::unique_ptr<Command> move_group(GroupId group, size_t position);
/// Deletes a group: its participants, documents and quotes fall back to no group.
std::unique_ptr<Command> delete_group(GroupId group);

// [SECTION] quotes
/// Codes [start, end) code points of a document as a quote with these themes; when a quote
/// with exactly these offsets exists, the themes are added to it. `group` overrides the
/// group that the speaker or the document gives (nullopt: follow them).
std::unique_ptr<Command> code_segment(DocumentId doc, int64_t start, int64_t end, std::vector<ThemeId> themes,
                                      std::optional<GroupId> group, std::string coder);
/// Creates a theme and codes [start, end) with it: one step (the app's "create and code").
std::unique_ptr<Command> code_with_new_theme(DocumentId doc, int64_t start, int64_t end, Theme theme);
std::unique_ptr<Command> tag_quote(QuoteId quote, ThemeId theme);
std::unique_ptr<Command> untag_quote(QuoteId quote, ThemeId theme);
/// New offsets (code points into the document's text, end exclusive).
std::unique_ptr<Command> resize_quote(QuoteId quote, int64_t start, int64_t end);
/// Overrides the quote's group (nullopt: follow its speaker or document again).
std::unique_ptr<Command> set_quote_group(QuoteId quote, std::optional<GroupId> group);
std::unique_ptr<Command> set_quote_memo(QuoteId quote, std::string memo);
std::unique_ptr<Command> delete_quote(QuoteId quote);

// [SECTION] memos
/// The memo of the project (kind "project", target 0), a document or a theme; "" clears it.
std::unique_ptr<Command> set_memo(std::string kind, int64_t target, std::string text);

// [SECTION] documents
std::unique_ptr<Command> rename_document(DocumentId doc, std::string title);
/// The document's stakeholder group (speakers without a group of their own take it).
std::unique_ptr<Command> set_document_group(DocumentId doc, std::optional<GroupId> group);
/// Deletes a document with its units and quotes.
std::unique_ptr<Command> delete_document(DocumentId doc);

// [SECTION] people
/// Sets a participant's name, pseudonym, group, organisation and attributes (by p.id); when
/// p.id is 0, creates the participant (a generated pseudonym when none is given). Quotes
/// without an override follow the participant's group.
std::unique_ptr<Command> set_participant(Participant p);
/// Makes `from` and `into` one participant: `from`'s turns, quotes and documents become `into`'s.
std::unique_ptr<Command> merge_participants(ParticipantId from, ParticipantId into);

/// Several commands as one step (autocode, a participants sheet).
std::unique_ptr<Command> batch(std::string label, std::vector<std::unique_ptr<Command>> parts);

/// Checks a colour of the form #RRGGBB. @throws ValidationError naming it
void require_color(const std::string& color);

}  // namespace samsyn::project
