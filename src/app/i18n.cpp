// The catalogue. Keys are short English ids; each entry has its Swedish and English text.
#include "app/i18n.hpp"

#include <atomic>
#include <string>
#include <unordered_map>

namespace samsyn::app {
namespace {

struct Entry {
    const char* key;
    const char* sv;
    const char* en;
};

// clang-format off
const Entry k_catalogue[] = {
    // Menus
    {"menu_file", "Arkiv", "File"},
    {"menu_edit", "Redigera", "Edit"},
    {"menu_view", "Visa", "View"},
    {"menu_settings", "Inställningar", "Settings"},
    {"menu_help", "Hjälp", "Help"},
    {"open_project", "Öppna projekt …", "Open project …"},
    {"new_project", "Nytt projekt …", "New project …"},
    {"import_files", "Importera filer …", "Import files …"},
    {"close_project", "Stäng projektet", "Close project"},
    {"compact_project", "Komprimera projektet", "Compact the project"},
    {"quit", "Avsluta", "Quit"},
    {"undo", "Ångra", "Undo"},
    {"redo", "Gör om", "Redo"},
    {"undo_what", "Ångra: {}", "Undo: {}"},
    {"redo_what", "Gör om: {}", "Redo: {}"},
    {"nothing_to_undo", "Inget att ångra", "Nothing to undo"},
    {"nothing_to_redo", "Inget att göra om", "Nothing to redo"},
    {"language", "Språk", "Language"},
    {"swedish", "Svenska", "Swedish"},
    {"english", "Engelska", "English"},
    {"dark_theme", "Mörkt tema", "Dark theme"},
    {"ui_font_size", "Textstorlek i menyer", "Interface text size"},
    {"doc_font_size", "Textstorlek i dokument", "Document text size"},
    {"shortcuts", "Kortkommandon", "Keyboard shortcuts"},
    // Views
    {"documents", "Dokument", "Documents"},
    {"reader", "Läsare", "Reader"},
    {"themes", "Teman", "Themes"},
    {"people", "Personer och grupper", "People and groups"},
    {"quotes", "Citat", "Quotes"},
    {"search", "Sök", "Search"},
    {"memos", "Memon", "Memos"},
    {"matrix", "Matris", "Matrix"},
    // Start screen
    {"start_title", "Samsyn: perspektiv i 360 grader", "Samsyn: perspectives in 360 degrees"},
    {"recent_projects", "Senaste projekt", "Recent projects"},
    {"no_recent", "Inga projekt ännu.", "No projects yet."},
    {"open_demo", "Öppna demoprojektet", "Open the demo project"},
    {"new_project_name", "Namn på ett nytt projekt", "Name of a new project"},
    {"open", "Öppna", "Open"},
    {"create", "Skapa", "Create"},
    {"cancel", "Avbryt", "Cancel"},
    {"locked_title", "Projektet är öppet någon annanstans", "The project is open elsewhere"},
    {"locked_body", "{} är öppet för skrivning i ett annat fönster eller kommando. Du kan öppna det skrivskyddat.",
                    "{} is open for writing in another window or command. You can open it read-only."},
    {"project_gone", "Projektfilen {} finns inte längre (borttagen eller flyttad). Projektet är stängt: ändringar efter att filen försvann kunde inte sparas.",
                     "The project file {} is gone (deleted or moved). The project is closed: changes made after the file went could not be saved."},
    {"unwritable_title", "Projektet kan inte skrivas", "The project cannot be written"},
    {"unwritable_body", "{} ligger i en mapp eller är en fil som inte får skrivas ({}). Du kan öppna det skrivskyddat.",
                        "{} is in a folder or is a file that cannot be written ({}). You can open it read-only."},
    {"open_read_only", "Öppna skrivskyddat", "Open read-only"},
    {"read_only_no_change", "Projektet är öppet skrivskyddat: inget ändras.", "The project is open read-only: nothing changes."},
    {"read_only", "skrivskyddat", "read-only"},
    // Documents
    {"filter", "Filtrera", "Filter"},
    {"doc_count", "{} dokument", "{} documents"},
    {"col_title", "Titel", "Title"},
    {"col_format", "Format", "Format"},
    {"col_group", "Grupp", "Group"},
    {"col_quotes", "Citat", "Quotes"},
    {"col_units", "Stycken", "Units"},
    {"doc_units", "{} stycken · {}", "{} units · {}"},
    {"drop_hint", "Släpp filer eller mappar här för att importera dem.", "Drop files or folders here to import them."},
    {"import", "Importera", "Import"},
    // Reader
    {"no_document", "Välj ett dokument i listan till vänster.", "Choose a document in the list on the left."},
    {"code_hint", "Markera text och tryck 1–9 för att koda med ett tema, Ctrl+T för att välja eller skapa ett.",
                  "Select text and press 1–9 to code it with a theme, Ctrl+T to pick or create one."},
    {"selected_chars", "{} tecken markerade", "{} characters selected"},
    {"quote_themes", "Teman: {}", "Themes: {}"},
    {"quote_group", "Grupp: {}", "Group: {}"},
    {"quote_speaker", "Talare: {}", "Speaker: {}"},
    {"quote_memo", "Memo: {}", "Memo: {}"},
    {"no_group", "ingen grupp", "no group"},
    {"page", "s. {}", "p. {}"},
    // Themes
    {"new_theme", "Nytt tema", "New theme"},
    {"theme_name", "Temats namn", "Theme name"},
    {"add", "Lägg till", "Add"},
    {"rename", "Byt namn", "Rename"},
    {"delete", "Ta bort", "Delete"},
    {"delete_theme_q", "Ta bort temat {}? {} citat förlorar det (citaten finns kvar).",
                       "Delete the theme {}? {} quotes lose it (the quotes stay)."},
    {"merge_into", "Slå ihop med", "Merge into"},
    {"theme_picker", "Välj eller skapa tema", "Pick or create a theme"},
    {"create_theme", "Skapa temat ”{}”", "Create the theme “{}”"},
    {"key_hint", "Tangent {}", "Key {}"},
    // People
    {"groups", "Grupper", "Groups"},
    {"group_name", "Ny grupp", "New group"},
    {"add_group", "Lägg till grupp", "Add group"},
    {"move_up", "Flytta upp", "Move up"},
    {"move_down", "Flytta ned", "Move down"},
    {"delete_group_q", "Ta bort gruppen {}? {} deltagare och {} citat förlorar den.",
     "Delete the group {}? {} participants and {} quotes lose it."},
    {"participants", "Deltagare", "Participants"},
    {"col_name", "Namn", "Name"},
    {"col_pseudonym", "Pseudonym", "Pseudonym"},
    {"col_org", "Organisation", "Organisation"},
    {"col_documents", "Dokument", "Documents"},
    {"col_participants", "Deltagare", "Participants"},
    // Quotes
    {"quote_count", "{} citat", "{} quotes"},
    {"col_text", "Text", "Text"},
    {"col_themes", "Teman", "Themes"},
    {"col_speaker", "Talare", "Speaker"},
    {"col_document", "Dokument", "Document"},
    {"follow_speaker", "Följ talaren", "Follow the speaker"},
    {"edit_memo", "Memo …", "Memo …"},
    {"delete_quote", "Ta bort citatet", "Delete the quote"},
    // Search
    {"search_hint", "Sök i materialet (böjningar och sammansättningar ingår)", "Search the material (inflections and compounds included)"},
    {"hits", "{} träffar", "{} hits"},
    {"still_indexing", "Indexerar fortfarande: {} av {} stycken sökbara", "Still indexing: {} of {} units searchable"},
    {"code_all", "Koda alla {} träffar som …", "Code all {} hits as …"},
    {"code_all_forms", "{} stycken med formerna {}", "{} units with the forms {}"},
    {"forms", "Former:", "Forms:"},
    {"form_word", "ordet självt", "the word itself"},
    {"form_inflection", "en böjning av ordet", "an inflection of the word"},
    {"form_head", "sammansättning som slutar på ordet", "a compound ending in the word"},
    {"form_modifier", "sammansättning med ordet först eller i mitten", "a compound with the word first or in the middle"},
    {"form_stem", "samma stam, ett annat ord", "the same stem, another word"},
    {"form_off", "Med bara om du kryssar i den (ett eget ord eller en stamgranne).",
     "Only included when you tick it (a word of its own or a stem neighbour)."},
    {"form_hits", "{} stycken", "{} units"},
    {"more_forms", "+{} former till", "+{} more forms"},
    {"fewer_forms", "Dölj de andra formerna", "Hide the other forms"},
    // Memos
    {"memo_project", "Projektet", "The project"},
    {"memo_document", "Dokumentet {}", "The document {}"},
    {"memo_theme", "Temat {}", "The theme {}"},
    {"memo_quote", "Citat {}", "Quote {}"},
    {"memo_field", "Memotext", "Memo text"},
    // Matrix
    {"matrix_empty", "Matrisen behöver teman och intressentgrupper.", "The matrix needs themes and stakeholder groups."},
    {"matrix_hint", "Citat / deltagare per tema och grupp. Klicka på en ruta för dess citat.",
                    "Quotes / participants per theme and group. Click a cell for its quotes."},
    {"matrix_cell", "{} × {}: {} citat av {} deltagare", "{} × {}: {} quotes by {} participants"},
    {"show_all", "Visa alla", "Show all"},
    // Jobs
    {"jobs_idle", "Klart", "Ready"},
    {"cancel_job", "Avbryt", "Cancel"},
    {"import_errors", "{} filer kunde inte importeras", "{} files could not be imported"},
    {"error", "Fel", "Error"},
    {"ok", "OK", "OK"},
    {"save", "Spara", "Save"},
    {"close", "Stäng", "Close"},
    // Help
    {"help_keys",
     "1–9\tkoda markeringen med tema 1–9\nCtrl+T\tvälj eller skapa tema för markeringen\nCtrl+Z\tångra\n"
     "Ctrl+Shift+Z, Ctrl+Y\tgör om\nCtrl+F\tsök\nCtrl+C\tkopiera markerad text\nShift+pilar\tutöka markeringen\n"
     "Dubbelklick\tmarkera ord\nTrippelklick\tmarkera stycke\nF1\tden här listan",
     "1–9\tcode the selection with theme 1–9\nCtrl+T\tpick or create a theme for the selection\nCtrl+Z\tundo\n"
     "Ctrl+Shift+Z, Ctrl+Y\tredo\nCtrl+F\tsearch\nCtrl+C\tcopy the selected text\nShift+arrows\textend the selection\n"
     "Double-click\tselect a word\nTriple-click\tselect a paragraph\nF1\tthis list"},
};
// clang-format on

std::atomic<Lang> g_lang{Lang::Sv};

const std::unordered_map<std::string_view, const Entry*>& index() {
    static const auto map = [] {
        std::unordered_map<std::string_view, const Entry*> m;
        for (const Entry& e : k_catalogue) m.emplace(e.key, &e);
        return m;
    }();
    return map;
}

}  // namespace

void set_language(Lang lang) { g_lang = lang; }
Lang language() { return g_lang; }
Lang parse_language(std::string_view code) { return code == "en" ? Lang::En : Lang::Sv; }

const char* tr(std::string_view key) {
    const auto& m = index();
    auto it = m.find(key);
    if (it == m.end()) {
        thread_local std::string unknown;
        unknown = key;
        return unknown.c_str();
    }
    return g_lang == Lang::En ? it->second->en : it->second->sv;
}

std::string label(std::string_view key) { return std::string(tr(key)) + "###" + std::string(key); }

std::string trf(std::string_view key, std::initializer_list<std::string> args) {
    std::string s = tr(key), out;
    auto arg = args.begin();
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '}' && arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<std::string> missing_translations() {
    std::vector<std::string> missing;
    for (const Entry& e : k_catalogue)
        if (!*e.sv || !*e.en) missing.emplace_back(e.key);
    return missing;
}

}  // namespace samsyn::app
