#include "app/settings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace samsyn::app {

void Settings::add_recent(const std::string& path) {
    recent.erase(std::remove(recent.begin(), recent.end(), path), recent.end());
    recent.insert(recent.begin(), path);
    if (recent.size() > 10) recent.resize(10);
}

std::filesystem::path settings_dir() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::filesystem::path(x) / "samsyn";
    if (const char* h = std::getenv("HOME"); h && *h) return std::filesystem::path(h) / ".config" / "samsyn";
    return std::filesystem::temp_directory_path() / "samsyn";
}

Settings load_settings() {
    Settings s;
    std::ifstream in(settings_dir() / "settings.json");
    if (!in) return s;
    try {
        const auto j = nlohmann::json::parse(in);
        s.lang = parse_language(j.value("language", "sv"));
        s.dark = j.value("dark", false);
        s.ui_px = std::clamp(j.value("ui_font_px", 16.0f), 10.0f, 40.0f);
        s.doc_px = std::clamp(j.value("document_font_px", 17.0f), 10.0f, 48.0f);
        s.recent = j.value("recent", std::vector<std::string>{});
        s.layout = j.value("layout", std::string());
    } catch (const std::exception&) {
        return Settings{};  // a damaged file: start from the defaults, overwrite on the next save
    }
    return s;
}

void save_settings(const Settings& s) {
    const auto dir = settings_dir();
    const auto path = dir / "settings.json";
    nlohmann::json j = {{"language", s.lang == Lang::En ? "en" : "sv"}, {"dark", s.dark},
                        {"ui_font_px", s.ui_px}, {"document_font_px", s.doc_px},
                        {"recent", s.recent}, {"layout", s.layout}};
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error(dir.string() + ": cannot create the settings folder (" + ec.message() + ")");
    const auto tmp = dir / "settings.json.tmp";
    {
        errno = 0;
        std::ofstream out(tmp, std::ios::trunc);
        out << j.dump(2) << '\n';
        out.flush();
        if (!out)
            throw std::runtime_error(path.string() + ": could not save the settings" +
                                     (errno ? std::string(" (") + std::strerror(errno) + ")" : std::string()));
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw std::runtime_error(path.string() + ": could not save the settings (" + ec.message() + ")");
}

}  // namespace samsyn::app
