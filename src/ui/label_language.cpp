#include "ui/label_language.hpp"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace ce8::ui {
namespace {

struct LabelTable {
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> by_lang;
  std::set<std::string, std::less<>> usable = {"en", "tr"};  // Latin: the app's own font
  std::string lang = "en";
  // "shown###english" strings handed out by tr_id, kept so their pointers stay valid.
  std::map<std::string, std::string, std::less<>> ids;
};

LabelTable& table() {
  static LabelTable t;
  return t;
}

}  // namespace

Status load_label_translations(std::string_view json_text) {
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error{"panel labels: not a JSON object of languages"};
  decltype(LabelTable::by_lang) by_lang;
  for (const auto& [lang, labels] : j.items()) {
    if (!labels.is_object()) return Error{"panel labels: '" + lang + "' is not an object"};
    for (const auto& [english, shown] : labels.items()) {
      if (!shown.is_string() || shown.get<std::string>().empty())
        return Error{"panel labels: " + lang + " '" + english + "' is not a text"};
      by_lang[lang][english] = shown.get<std::string>();
    }
  }
  table().by_lang = std::move(by_lang);
  table().ids.clear();
  return Ok{};
}

void set_label_language(std::string_view lang) {
  LabelTable& t = table();
  if (t.lang != lang) {
    t.lang = std::string(lang);
    t.ids.clear();
  }
}

void set_label_language_usable(std::string_view lang, bool usable) {
  if (usable)
    table().usable.insert(std::string(lang));
  else if (auto it = table().usable.find(lang); it != table().usable.end())
    table().usable.erase(it);
  table().ids.clear();
}

std::vector<std::string> label_translations(std::string_view lang) {
  std::vector<std::string> out;
  if (auto it = table().by_lang.find(lang); it != table().by_lang.end())
    for (const auto& [english, shown] : it->second) out.push_back(shown);
  return out;
}

const char* tr(const char* english) {
  const LabelTable& t = table();
  if (!t.usable.contains(t.lang)) return english;
  auto lang = t.by_lang.find(t.lang);
  if (lang == t.by_lang.end()) return english;
  auto it = lang->second.find(std::string_view(english));
  return it == lang->second.end() ? english : it->second.c_str();
}

const char* tr_id(const char* english) {
  auto& ids = table().ids;
  auto it = ids.find(std::string_view(english));
  if (it == ids.end()) it = ids.emplace(english, std::string(tr(english)) + "###" + english).first;
  return it->second.c_str();
}

}  // namespace ce8::ui
