#include "core/exchange/participants_csv.hpp"

#include <csv.h>

#include <algorithm>
#include <fstream>

#include "core/base/error.hpp"
#include "core/text/text.hpp"

namespace samsyn::exchange {
namespace {

struct Parser {
    std::vector<std::vector<std::string>> rows{{}};
    static void on_field(void* s, size_t n, void* p) {
        static_cast<Parser*>(p)->rows.back().emplace_back(static_cast<const char*>(s), n);
    }
    static void on_row(int, void* p) { static_cast<Parser*>(p)->rows.emplace_back(); }
};

std::string trim(std::string s) {
    size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

}  // namespace

std::vector<ParticipantRow> read_participants_csv(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ImportError(path, "is a folder, not a participants sheet (a .csv file)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImportError(path, "cannot open the participants sheet");
    std::string bytes;
    try {
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    } catch (const std::ios_base::failure& e) {  // libstdc++'s filebuf throws on a read error (EIO, EISDIR)
        throw ImportError(path, "cannot read the participants sheet (" + e.code().message() + ")");
    }
    if (in.bad()) throw ImportError(path, "cannot read the participants sheet");
    std::string text;
    try {
        text = text::decode_to_utf8(bytes).utf8;
    } catch (const Error& e) {
        throw ImportError(path, e.what());
    }
    std::string first_line = text.substr(0, text.find('\n'));
    unsigned char delim = std::count(first_line.begin(), first_line.end(), ';') >
                                  std::count(first_line.begin(), first_line.end(), ',')
                              ? ';'
                              : ',';
    csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) throw ImportError(path, "cannot start the CSV parser");
    csv_set_delim(&p, delim);
    Parser out;
    if (csv_parse(&p, text.data(), text.size(), Parser::on_field, Parser::on_row, &out) != text.size()) {
        std::string err = csv_strerror(csv_error(&p));
        csv_free(&p);
        throw ImportError(path, "not a valid CSV sheet (" + err + ")");
    }
    if (csv_fini(&p, Parser::on_field, Parser::on_row, &out) != 0) {
        std::string err = csv_strerror(csv_error(&p));
        csv_free(&p);
        throw ImportError(path, "not a valid CSV sheet (" + err + ")");
    }
    csv_free(&p);
    while (!out.rows.empty() && out.rows.back().empty()) out.rows.pop_back();
    if (out.rows.empty()) throw ImportError(path, "empty participants sheet");

    std::vector<std::string> columns = {"name", "group", "pseudonym"};
    size_t first = 0;
    {
        auto& head = out.rows.front();
        bool header = false;
        for (auto& h : head) header = header || text::fold_case(trim(h)) == "name" || text::fold_case(trim(h)) == "namn";
        if (header) {
            columns.clear();
            for (auto& h : head) {
                std::string f = text::fold_case(trim(h));
                if (f == "namn") f = "name";
                if (f == "grupp" || f == "intressentgrupp" || f == "stakeholder group") f = "group";
                if (f == "pseudonyn" || f == "alias") f = "pseudonym";
                if (f == "org" || f == "organization") f = "organisation";
                columns.push_back(f == "name" || f == "group" || f == "pseudonym" || f == "organisation" ? f : trim(h));
            }
            first = 1;
        }
    }
    std::vector<ParticipantRow> rows;
    for (size_t r = first; r < out.rows.size(); ++r) {
        const auto& cells = out.rows[r];
        bool blank = true;
        for (auto& c : cells) blank = blank && trim(c).empty();
        if (blank) continue;
        ParticipantRow row;
        row.line = r + 1;
        for (size_t c = 0; c < cells.size(); ++c) {
            std::string v = trim(cells[c]);
            std::string col = c < columns.size() ? columns[c] : "column " + std::to_string(c + 1);
            if (col == "name") row.name = v;
            else if (col == "group") row.group = v;
            else if (col == "pseudonym") row.pseudonym = v;
            else if (col == "organisation") row.organisation = v;
            else if (!v.empty()) row.attributes[col] = v;
        }
        if (row.name.empty()) throw ImportError(path, "row " + std::to_string(row.line) + " has no name");
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace samsyn::exchange
