#pragma once
// Every string the app shows, in Swedish and English, from one catalogue (i18n.cpp).
// Window, tab and menu ids stay stable across languages: label("documents") gives
// "Dokument###documents", so layouts and scripts' ids survive a switch.
// Why not gettext: switching language while the app runs would need setenv(LANGUAGE)
// (process-global, racing GLFW and Mesa reading the environment) and installed locales;
// two languages in one table need neither, and a test can check that none is missing.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace samsyn::app {

enum class Lang { Sv, En };

void set_language(Lang lang);
Lang language();
/// "sv" / "en" -> Lang; anything else is Swedish.
Lang parse_language(std::string_view code);

/// The text of `key` in the language in use; the key itself when the catalogue lacks it.
const char* tr(std::string_view key);
/// "Text###key": a label whose id does not change with the language.
std::string label(std::string_view key);
/// tr(key) with each "{}" replaced by the next argument.
std::string trf(std::string_view key, std::initializer_list<std::string> args);
/// Keys whose Swedish or English text is empty (a test keeps this empty).
std::vector<std::string> missing_translations();

}  // namespace samsyn::app
