#include "returnsim/io/yaml_loader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "returnsim/scenario/parameters.hpp"
#include "returnsim/util/errors.hpp"

namespace returnsim::io {
namespace fs = std::filesystem;
using scenario::Field;
using scenario::ParamSpec;
using scenario::ParamType;

namespace {

// ---------------------------------------------------------------------------------------------
// extends and merging

std::string entity_key(const std::string& list_name, const YamlValue& item) {
  if (!item.is_map()) return {};
  auto scalar_of = [&](const char* key) -> std::string {
    const YamlValue* v = item.find(key);
    return v != nullptr && v->is_scalar() ? v->scalar : std::string();
  };
  if (list_name == "routes") {
    const std::string origin = scalar_of("origin");
    const std::string state = scalar_of("member_state");
    return origin.empty() || state.empty() ? std::string() : origin + ":" + state;
  }
  return scalar_of("id");
}

bool is_entity_list(const std::string& key) {
  return key == "member_states" || key == "origin_countries" || key == "routes";
}

void merge_into(YamlValue& base, const YamlValue& overlay, const std::string& key) {
  if (base.is_map() && overlay.is_map()) {
    for (const auto& entry : overlay.entries) {
      if (YamlValue* existing = base.find(entry.key)) {
        merge_into(*existing, entry.value, entry.key);
      } else {
        base.entries.push_back(entry);
      }
    }
    return;
  }
  if (base.is_sequence() && overlay.is_sequence() && is_entity_list(key)) {
    for (const auto& item : overlay.items) {
      const std::string id = entity_key(key, item);
      auto match = std::find_if(base.items.begin(), base.items.end(), [&](const YamlValue& b) {
        return !id.empty() && entity_key(key, b) == id;
      });
      if (match != base.items.end()) {
        merge_into(*match, item, "");
      } else {
        base.items.push_back(item);
      }
    }
    return;
  }
  base = overlay;
}

YamlValue load_chain(const fs::path& path, std::vector<fs::path>& chain, const SourceLocation& from) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec) canonical = path;
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& p : chain) cycle += p.string() + " -> ";
    cycle += canonical.string();
    throw ScenarioError({InputProblem{from.file_name(), from.line, from.column, "extends",
                                      "'extends' forms a cycle: " + cycle}});
  }
  if (chain.size() >= 32) {
    throw ScenarioError({InputProblem{from.file_name(), from.line, from.column, "extends",
                                      "'extends' chain deeper than 32 files"}});
  }
  YamlValue tree;
  try {
    tree = parse_yaml_file(path.string());
  } catch (const ScenarioError& e) {
    if (chain.empty()) throw;
    // Point at the `extends` line as well as the parent's own problem.
    std::vector<InputProblem> problems = e.problems();
    problems.insert(problems.begin(), InputProblem{from.file_name(), from.line, from.column, "extends",
                                                   "cannot load '" + path.string() + "'"});
    throw ScenarioError(std::move(problems));
  }
  if (!tree.is_map()) {
    throw ScenarioError({InputProblem{tree.where.file_name(), tree.where.line, tree.where.column, "",
                                      "expected a YAML map of sections at the top level"}});
  }
  const YamlValue* extends = tree.find("extends");
  if (extends == nullptr) return tree;
  if (!extends->is_scalar() || extends->scalar.empty()) {
    throw ScenarioError({InputProblem{extends->where.file_name(), extends->where.line,
                                      extends->where.column, "extends",
                                      "expected the path of a scenario file"}});
  }
  fs::path parent_path = fs::path(extends->scalar);
  if (parent_path.is_relative()) parent_path = path.parent_path() / parent_path;
  chain.push_back(canonical);
  YamlValue merged = load_chain(parent_path, chain, extends->where);
  chain.pop_back();
  tree.erase("extends");
  merge_into(merged, tree, "");
  return merged;
}

// ---------------------------------------------------------------------------------------------
// scalar parsing

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool parse_double(const std::string& text, double& out) {
  std::string s = trimmed(text);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

bool parse_int64(const std::string& text, long long& out) {
  std::string s = trimmed(text);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool parse_uint64(const std::string& text, unsigned long long& out) {
  std::string s = trimmed(text);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty() || s.front() == '-') return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool parse_bool(const std::string& text, bool& out) {
  const std::string s = trimmed(text);
  if (s == "true" || s == "True" || s == "TRUE") { out = true; return true; }
  if (s == "false" || s == "False" || s == "FALSE") { out = false; return true; }
  return false;
}

std::string format_number(double value) {
  char buffer[64];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, ptr) : std::to_string(value);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string describe_kind(const YamlValue& v) {
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
  void problem(const SourceLocation& where, const std::string& path, const std::string& message) {
    problems_.push_back(InputProblem{where.file_name(), where.line, where.column, path, message});
  }
  [[nodiscard]] bool empty() const { return problems_.empty(); }
  [[nodiscard]] std::vector<InputProblem>& problems() { return problems_; }

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
};

std::string join_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

/// Finds `dotted` ("registration.order_overcount") inside `map`.
YamlValue* find_dotted(YamlValue& map, const std::string& dotted) {
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
void put_default(YamlValue& map, const std::string& dotted, YamlValue value) {
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

YamlValue default_value(const ParamSpec& spec) {
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

std::string range_text(const ParamSpec& spec) {
  return "[" + format_number(spec.min) + ", " + format_number(spec.max) + "]";
}

/// Checks `map` against `fields` and fills `out`. Unknown keys, wrong types, values out of range
/// and missing required keys are reported; missing optional keys get their defaults.
template <class T>
void read_fields(YamlValue& map, const std::string& path, const std::vector<Field<T>>& fields, T& out,
                 Checker& checker) {
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
          } else if constexpr (std::is_same_v<Member, scenario::BilateralAgreement>) {
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
                  const std::vector<Field<T>>& fields, T& out, Checker& checker) {
  YamlValue* section = root.find(name);
  if (section == nullptr) {
    if (required) {
      checker.problem(root.where, name, "missing required section '" + name + "'");
      scenario::apply_defaults(out, fields);
      return;
    }
    section = &root.get_or_add(name);
  }
  if (section->kind == YamlValue::Kind::null) {
    const SourceLocation where = section->where;
    *section = YamlValue::make_map(where);
  }
  read_fields(*section, name, fields, out, checker);
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

const std::vector<std::string> kTopLevelSections = {
    "scenario", "simulation", "member_states", "origin_countries", "routes",
    "eu",       "behaviour",  "cooperation",   "costs"};

}  // namespace

// ---------------------------------------------------------------------------------------------

YamlValue load_merged_tree(const std::string& path) {
  std::vector<fs::path> chain;
  return load_chain(fs::path(path), chain, SourceLocation{std::make_shared<const std::string>(path), 0, 0});
}

void apply_override(YamlValue& root, const Override& change, const SourceLocation& origin,
                    std::vector<InputProblem>& problems) {
  auto report = [&](const std::string& message) {
    problems.push_back(InputProblem{origin.file_name(), origin.line, origin.column, change.path, message});
  };
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = change.path.find('.', start);
    parts.push_back(change.path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); })) {
    report("empty part in the path");
    return;
  }
  // Walk, fanning out over '*' for entity lists.
  std::vector<YamlValue*> nodes = {&root};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    std::vector<YamlValue*> next;
    for (YamlValue* node : nodes) {
      if (node->is_sequence()) {
        const std::string list_name = i > 0 ? parts[i - 1] : "";
        bool found = false;
        for (auto& item : node->items) {
          if (parts[i] == "*" || entity_key(list_name, item) == parts[i]) {
            next.push_back(&item);
            found = true;
          }
        }
        if (!found) {
          report("no entry with id '" + parts[i] + "' in " + list_name);
          return;
        }
      } else if (node->is_map() || node->kind == YamlValue::Kind::null) {
        if (node->kind == YamlValue::Kind::null) *node = YamlValue::make_map(node->where);
        if (!last && node->find(parts[i]) == nullptr) {
          report("'" + parts[i] + "' does not exist here");
          return;
        }
        next.push_back(&node->get_or_add(parts[i]));
      } else {
        report("'" + parts[i - 1] + "' holds a single value, not a map");
        return;
      }
    }
    nodes = std::move(next);
  }
  for (YamlValue* node : nodes) *node = YamlValue::make_scalar(change.value, origin);
}

LoadedScenario build_scenario(YamlValue root) {
  Checker checker;
  LoadedScenario loaded;
  scenario::Scenario& s = loaded.scenario;
  if (!root.is_map()) {
    checker.problem(root.where, "", "expected a YAML map of sections at the top level");
    throw ScenarioError(std::move(checker.problems()));
  }
  if (root.find("sweep") != nullptr) {
    checker.problem(root.where, "sweep", "this is a sweep file; use 'returnsim sweep' (not a scenario)");
    throw ScenarioError(std::move(checker.problems()));
  }
  for (const auto& entry : root.entries) {
    if (std::find(kTopLevelSections.begin(), kTopLevelSections.end(), entry.key) == kTopLevelSections.end()) {
      checker.unknown_key(entry, "", kTopLevelSections);
    }
  }

  // Phase 1: schema.
  read_section(root, "scenario", true, scenario::scenario_info_fields(), s.info, checker);
  read_section(root, "simulation", true, scenario::simulation_fields(), s.simulation, checker);
  s.member_states = read_entities(root, "member_states", scenario::member_state_fields(), checker);
  s.origin_countries = read_entities(root, "origin_countries", scenario::origin_country_fields(), checker);
  s.routes = read_entities(root, "routes", scenario::route_fields(), checker);
  read_section(root, "behaviour", false, scenario::behaviour_fields(), s.behaviour, checker);
  read_section(root, "cooperation", false, scenario::cooperation_fields(), s.cooperation, checker);
  read_section(root, "costs", false, scenario::costs_fields(), s.costs, checker);
  if (const YamlValue* start = find_dotted(root, "simulation.start");
      start != nullptr && start->is_scalar() && !scenario::is_valid_start_month(start->scalar)) {
    checker.problem(start->where, "simulation.start", "'" + start->scalar + "' is not a month YYYY-MM");
    s.simulation.start = "2025-01";
  }

  // Phase 2: cross-references and limits.
  auto locate = [&](const std::string& list, std::size_t i, const char* key) -> SourceLocation {
    YamlValue* section = root.find(list);
    if (section == nullptr || !section->is_sequence() || i >= section->items.size()) return root.where;
    YamlValue& item = section->items[i];
    const YamlValue* v = item.is_map() ? item.find(key) : nullptr;
    return v != nullptr ? v->where : item.where;
  };
  std::map<std::string, std::size_t> state_index, origin_index;
  for (std::size_t i = 0; i < s.member_states.size(); ++i) {
    if (!state_index.emplace(s.member_states[i].id, i).second) {
      checker.problem(locate("member_states", i, "id"), "member_states[" + std::to_string(i) + "].id",
                      "duplicate id '" + s.member_states[i].id + "'");
    }
  }
  for (std::size_t i = 0; i < s.origin_countries.size(); ++i) {
    if (!origin_index.emplace(s.origin_countries[i].id, i).second) {
      checker.problem(locate("origin_countries", i, "id"), "origin_countries[" + std::to_string(i) + "].id",
                      "duplicate id '" + s.origin_countries[i].id + "'");
    }
  }
  if (s.member_states.size() > scenario::kMaxMemberStates) {
    checker.problem(root.find("member_states")->where, "member_states",
                    "more than " + std::to_string(scenario::kMaxMemberStates) + " member states");
  }
  if (s.origin_countries.size() > scenario::kMaxOrigins) {
    checker.problem(root.find("origin_countries")->where, "origin_countries",
                    "more than " + std::to_string(scenario::kMaxOrigins) + " origin countries");
  }
  std::set<std::pair<std::string, std::string>> pairs;
  double agents = 0;
  for (std::size_t i = 0; i < s.routes.size(); ++i) {
    auto& route = s.routes[i];
    const std::string path = "routes[" + std::to_string(i) + "]";
    auto origin = origin_index.find(route.origin);
    auto state = state_index.find(route.member_state);
    if (!route.origin.empty() && origin == origin_index.end()) {
      checker.problem(locate("routes", i, "origin"), path + ".origin",
                      "'" + route.origin + "' is not the id of an origin country");
    }
    if (!route.member_state.empty() && state == state_index.end()) {
      checker.problem(locate("routes", i, "member_state"), path + ".member_state",
                      "'" + route.member_state + "' is not the id of a member state");
    }
    if (origin != origin_index.end()) route.origin_index = origin->second;
    if (state != state_index.end()) route.member_state_index = state->second;
    if (!pairs.emplace(route.origin, route.member_state).second) {
      checker.problem(locate("routes", i, "origin"), path,
                      "duplicate route " + route.origin + " -> " + route.member_state);
    }
    agents += route.initial_stock +
              route.asylum_applications * (s.simulation.months + s.behaviour.asylum_decision_months);
  }
  agents /= std::max(1, s.simulation.agent_scale);
  if (agents > scenario::kMaxAgents) {
    checker.problem(root.find("simulation") != nullptr ? root.find("simulation")->where : root.where,
                    "simulation.agent_scale",
                    "the scenario needs about " + format_number(std::round(agents)) +
                        " agents, more than the limit of " + format_number(scenario::kMaxAgents) +
                        "; raise agent_scale");
  }

  // eu.agreements: origin id -> none | informal | eura.
  if (YamlValue* eu = root.find("eu"); eu != nullptr && eu->kind != YamlValue::Kind::null) {
    if (!eu->is_map()) {
      checker.problem(eu->where, "eu", "expected a map, found " + describe_kind(*eu));
    } else {
      for (const auto& entry : eu->entries) {
        if (entry.key != "agreements") checker.unknown_key(entry, "eu", {"agreements"});
      }
      if (YamlValue* agreements = eu->find("agreements");
          agreements != nullptr && agreements->kind != YamlValue::Kind::null) {
        if (!agreements->is_map()) {
          checker.problem(agreements->where, "eu.agreements",
                          "expected a map of origin id to none / informal / eura");
        } else {
          for (const auto& entry : agreements->entries) {
            const std::string path = "eu.agreements." + entry.key;
            auto origin = origin_index.find(entry.key);
            if (origin == origin_index.end()) {
              checker.problem(entry.key_where, path, "'" + entry.key + "' is not the id of an origin country");
              continue;
            }
            const std::string kind = entry.value.is_scalar() ? trimmed(entry.value.scalar) : "";
            auto& target = s.origin_countries[origin->second].eu_agreement;
            if (kind == "none") target = scenario::EuAgreement::none;
            else if (kind == "informal") target = scenario::EuAgreement::informal;
            else if (kind == "eura") target = scenario::EuAgreement::eura;
            else checker.problem(entry.value.where, path,
                                 describe_kind(entry.value) + " is not one of: none, informal, eura");
          }
        }
      }
    }
  }

  if (!checker.empty()) throw ScenarioError(std::move(checker.problems()));
  loaded.effective_yaml = emit_yaml(root);
  return loaded;
}

LoadedScenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  YamlValue root = load_merged_tree(path);
  std::vector<InputProblem> problems;
  const SourceLocation command_line{std::make_shared<const std::string>("<command line>"), 0, 0};
  for (const auto& change : overrides) apply_override(root, change, command_line, problems);
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return build_scenario(std::move(root));
}

}  // namespace returnsim::io
