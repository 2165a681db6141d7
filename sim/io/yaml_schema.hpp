#pragma once
// Private to sim/io: the schema checking shared by the scenario and sweep loaders. Scalars are
// parsed strictly, problems are collected (never thrown one by one), maps are checked against a
// parameter table (scenario/parameters.hpp) and filled with its defaults, so that the effective
// YAML shows every value a run used.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "returnsim/io/yaml_tree.hpp"
#include "returnsim/scenario/parameters.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/text.hpp"

namespace returnsim::io::schema {

using scenario::Field;
using scenario::ParamSpec;
using scenario::ParamType;

// ---------------------------------------------------------------------------------------------
// scalar parsing

inline std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

inline bool parse_double(const std::string& text, double& out) {
  std::string s = trimmed(text);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

inline bool parse_int64(const std::string& text, long long& out) {
  std::string s = trimmed(text);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

inline bool parse_uint64(const std::string& text, unsigned long long& out) {
  std::string s = trimmed(text);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty() || s.front() == '-') return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

inline bool parse_bool(const std::string& text, bool& out) {
  const std::string s = trimmed(text);
  if (s == "true" || s == "True" || s == "TRUE") { out = true; return true; }
  if (s == "false" || s == "False" || s == "FALSE") { out = false; return true; }
  return false;
}

/// The shortest text that reads back as the same double (so overrides carry values exactly).
inline std::string format_number(double value) {
  char buffer[64];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, ptr) : std::to_string(value);
}

using returnsim::edit_distance;

inline std::string describe_kind(const YamlValue& v) {
  switch (v.kind) {
    case YamlValue::Kind::null: return "nothing";
    case YamlValue::Kind::scalar: return "'" + v.scalar + "'";
    case YamlValue::Kind::map: return "a map";
    case YamlValue::Kind::sequence: return "a list";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------
// schema checking

class Checker {
 public:
  /// Problems kept in full; past this, a file is wrong throughout (a list of 100,000 numbers where
  /// maps belong) and only the count of the rest is reported.
  static constexpr std::size_t kMaxProblems = 100;

  void problem(const SourceLocation& where, const std::string& path, const std::string& message) {
    if (problems_.size() >= kMaxProblems) {
      ++omitted_;
      return;
    }
    problems_.push_back(InputProblem{where.file_name(), where.line, where.column, path, message});
  }
  [[nodiscard]] bool empty() const { return problems_.empty(); }
  [[nodiscard]] std::vector<InputProblem>& problems() { return problems_; }
  /// Everything found, to throw.
  [[nodiscard]] ScenarioError error() { return ScenarioError(std::move(problems_), omitted_); }

  void unknown_key(const YamlEntry& entry, const std::string& path,
                   const std::vector<std::string>& allowed) {
    std::string message = "unknown key '" + entry.key + "'";
    std::string best;
    std::size_t best_distance = 3;
    for (const auto& key : allowed) {
      const std::size_t d = edit_distance(entry.key, key);
      if (d < best_distance) { best_distance = d; best = key; }
    }
    if (!best.empty()) message += "; did you mean '" + best + "'?";
    std::string list;
    for (const auto& key : allowed) list += (list.empty() ? "" : ", ") + key;
    message += " (expected one of: " + list + ")";
    problem(entry.key_where, path, message);
  }

 private:
  std::vector<InputProblem> problems_;
  std::size_t omitted_ = 0;
};

inline std::string join_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

/// Finds `dotted` ("registration.order_overcount") inside `map`.
inline YamlValue* find_dotted(YamlValue& map, const std::string& dotted) {
  YamlValue* node = &map;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', start);
    const std::string part = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_map()) return nullptr;
    node = node->find(part);
    if (node == nullptr || dot == std::string::npos) return node;
    start = dot + 1;
  }
}

/// Writes a default into the tree at `dotted`, creating nested maps, so that the effective YAML
/// shows every value the run used.
inline void put_default(YamlValue& map, const std::string& dotted, YamlValue value) {
  YamlValue* node = &map;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', start);
    const std::string part = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      value.where = node->where;
      node->get_or_add(part) = std::move(value);
      return;
    }
    YamlValue& child = node->get_or_add(part);
    if (!child.is_map()) {
      const SourceLocation where = child.where;
      child = YamlValue::make_map(where);
    }
    node = &child;
    start = dot + 1;
  }
}

inline YamlValue default_value(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::text:
    case ParamType::choice:
      return YamlValue::make_scalar(std::string(spec.default_text));
    case ParamType::boolean:
      return YamlValue::make_scalar(spec.default_number != 0 ? "true" : "false");
    case ParamType::integer:
    case ParamType::unsigned_integer:
      return YamlValue::make_scalar(std::to_string(static_cast<long long>(spec.default_number)));
    case ParamType::number:
      return YamlValue::make_scalar(format_number(spec.default_number));
  }
  return {};
}

inline std::string range_text(const ParamSpec& spec) {
  // Built by appending: GCC 12 warns falsely (-Wrestrict) on "[" + std::string.
  std::string text(1, '[');
  text += format_number(spec.min);
  text += ", ";
  text += format_number(spec.max);
  text += ']';
  return text;
}

/// Checks `map` against `fields` and fills `out`. Unknown keys, wrong types, values out of range
/// and missing required keys are reported; missing optional keys get their defaults. Keys in
/// `read_apart` (lists or maps such as coalition `members`, factor `range`) are the caller's.
template <class T>
void read_fields(YamlValue& map, const std::string& path, const std::vector<Field<T>>& fields, T& out,
                 Checker& checker, const std::vector<std::string>& read_apart = {}) {
  scenario::apply_defaults(out, fields);
  if (!map.is_map()) {
    checker.problem(map.where, path, "expected a map of keys, found " + describe_kind(map));
    return;
  }
  // Unknown keys, at the top level and inside nested groups ("registration").
  std::vector<std::string> top_keys;
  std::map<std::string, std::vector<std::string>> nested_keys;
  for (const auto& field : fields) {
    const std::string key(field.spec.key);
    const auto dot = key.find('.');
    const std::string head = key.substr(0, dot);
    if (std::find(top_keys.begin(), top_keys.end(), head) == top_keys.end()) top_keys.push_back(head);
    if (dot != std::string::npos) nested_keys[head].push_back(key.substr(dot + 1));
  }
  for (const auto& entry : map.entries) {
    if (std::find(read_apart.begin(), read_apart.end(), entry.key) != read_apart.end()) continue;
    if (std::find(top_keys.begin(), top_keys.end(), entry.key) == top_keys.end()) {
      checker.unknown_key(entry, path, top_keys);
      continue;
    }
    auto group = nested_keys.find(entry.key);
    if (group == nested_keys.end()) continue;
    if (!entry.value.is_map()) {
      checker.problem(entry.value.where, join_path(path, entry.key),
                      "expected a map, found " + describe_kind(entry.value));
      continue;
    }
    for (const auto& sub : entry.value.entries) {
      if (std::find(group->second.begin(), group->second.end(), sub.key) == group->second.end()) {
        checker.unknown_key(sub, join_path(path, entry.key), group->second);
      }
    }
  }
  for (const auto& field : fields) {
    const ParamSpec& spec = field.spec;
    const std::string key(spec.key);
    const std::string key_path = join_path(path, key);
    YamlValue* value = find_dotted(map, key);
    if (value == nullptr || value->kind == YamlValue::Kind::null) {
      if (spec.required) {
        checker.problem(value != nullptr ? value->where : map.where, key_path,
                        "missing required key '" + key + "'");
      } else {
        put_default(map, key, default_value(spec));
      }
      continue;
    }
    if (!value->is_scalar()) {
      checker.problem(value->where, key_path, "expected a single value, found " + describe_kind(*value));
      continue;
    }
    const std::string& text = value->scalar;
    std::visit(
        [&](auto member) {
          using Member = std::remove_reference_t<decltype(out.*member)>;
          if constexpr (std::is_same_v<Member, std::string>) {
            if (spec.required && trimmed(text).empty()) {
              checker.problem(value->where, key_path, "must not be empty");
            }
            out.*member = text;
          } else if constexpr (std::is_same_v<Member, bool>) {
            bool b = false;
            if (!parse_bool(text, b)) {
              checker.problem(value->where, key_path, "'" + text + "' is not true or false");
            }
            out.*member = b;
          } else if constexpr (std::is_enum_v<Member>) {
            const auto it = std::find(spec.choices.begin(), spec.choices.end(), trimmed(text));
            if (it == spec.choices.end()) {
              std::string list;
              for (auto c : spec.choices) list += (list.empty() ? "" : ", ") + std::string(c);
              checker.problem(value->where, key_path, "'" + text + "' is not one of: " + list);
            } else {
              out.*member = static_cast<Member>(it - spec.choices.begin());
            }
          } else if constexpr (std::is_same_v<Member, std::uint64_t>) {
            unsigned long long u = 0;
            if (!parse_uint64(text, u)) {
              checker.problem(value->where, key_path,
                              "'" + text + "' is not a whole number in [0, 18446744073709551615]");
            }
            out.*member = u;
          } else if constexpr (std::is_same_v<Member, int>) {
            long long i = 0;
            if (!parse_int64(text, i)) {
              checker.problem(value->where, key_path, "'" + text + "' is not a whole number");
            } else if (static_cast<double>(i) < spec.min || static_cast<double>(i) > spec.max) {
              checker.problem(value->where, key_path,
                              text + " is outside " + range_text(spec));
            } else {
              out.*member = static_cast<int>(i);
            }
          } else {
            double d = 0;
            if (!parse_double(text, d)) {
              checker.problem(value->where, key_path, "'" + text + "' is not a number");
            } else if (d < spec.min || d > spec.max) {
              checker.problem(value->where, key_path, text + " is outside " + range_text(spec));
            } else {
              out.*member = d;
            }
          }
        },
        field.target);
  }
}

/// A section that is a map of parameters (absent or null means: all defaults).
template <class T>
void read_section(YamlValue& root, const std::string& name, bool required,
                  const std::vector<Field<T>>& fields, T& out, Checker& checker, const std::string& path = "",
                  const std::vector<std::string>& read_apart = {}) {
  const std::string& key_path = path.empty() ? name : path;
  YamlValue* section = root.find(name);
  if (section == nullptr) {
    if (required) {
      checker.problem(root.where, key_path, "missing required section '" + name + "'");
      scenario::apply_defaults(out, fields);
      return;
    }
    section = &root.get_or_add(name);
  }
  if (section->kind == YamlValue::Kind::null) {
    const SourceLocation where = section->where;
    *section = YamlValue::make_map(where);
  }
  read_fields(*section, key_path, fields, out, checker, read_apart);
}

/// A section that is a list of entities.
template <class T>
std::vector<T> read_entities(YamlValue& root, const std::string& name, const std::vector<Field<T>>& fields,
                             Checker& checker) {
  std::vector<T> out;
  YamlValue* section = root.find(name);
  if (section == nullptr) {
    checker.problem(root.where, name, "missing required section '" + name + "'");
    return out;
  }
  if (!section->is_sequence()) {
    checker.problem(section->where, name, "expected a list of entries, found " + describe_kind(*section));
    return out;
  }
  if (section->items.empty()) {
    checker.problem(section->where, name, "the list is empty; at least one entry is needed");
  }
  out.resize(section->items.size());
  for (std::size_t i = 0; i < section->items.size(); ++i) {
    read_fields(section->items[i], name + "[" + std::to_string(i) + "]", fields, out[i], checker);
  }
  return out;
}


/// An optional list of items under `parent.name` (absent or null: empty).
template <class T>
std::vector<T> read_list(YamlValue& parent, const std::string& name, const std::string& path,
                         const std::vector<Field<T>>& fields, Checker& checker,
                         const std::vector<std::string>& read_apart = {}) {
  std::vector<T> out;
  YamlValue* section = parent.find(name);
  if (section == nullptr || section->kind == YamlValue::Kind::null) return out;
  if (!section->is_sequence()) {
    checker.problem(section->where, path, "expected a list of entries, found " + describe_kind(*section));
    return out;
  }
  if (section->items.size() > scenario::kMaxPolicyItems) {
    checker.problem(section->where, path,
                    "more than " + std::to_string(scenario::kMaxPolicyItems) + " entries");
    return out;
  }
  out.resize(section->items.size());
  for (std::size_t i = 0; i < section->items.size(); ++i) {
    read_fields(section->items[i], path + "[" + std::to_string(i) + "]", fields, out[i], checker, read_apart);
  }
  return out;
}

/// Where `parent.list[i].key` is, for a cross-reference problem: the key's value, else the item,
/// else the parent.
inline SourceLocation item_location(YamlValue& parent, const std::string& list, std::size_t i, const char* key) {
  const YamlValue* items = parent.find(list);
  if (items == nullptr || !items->is_sequence() || i >= items->items.size()) return parent.where;
  const YamlValue& item = items->items[i];
  const YamlValue* value = item.is_map() ? item.find(key) : nullptr;
  return value != nullptr ? value->where : item.where;
}

}  // namespace returnsim::io::schema
