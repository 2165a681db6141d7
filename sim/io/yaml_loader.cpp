#include "returnsim/io/yaml_loader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "returnsim/scenario/parameters.hpp"
#include "yaml_schema.hpp"
#include "returnsim/util/errors.hpp"

namespace returnsim::io {
namespace fs = std::filesystem;
using scenario::Field;
using scenario::ParamSpec;
using scenario::ParamType;

using namespace schema;

namespace {

// ---------------------------------------------------------------------------------------------
// extends and merging

std::string entity_key(const std::string& list_name, const YamlValue& item) {
  if (!item.is_map()) return {};
  auto scalar_of = [&](const char* key) -> std::string {
    const YamlValue* v = item.find(key);
    return v != nullptr && v->is_scalar() ? v->scalar : std::string();
  };
  // Entries without an id are addressed by what identifies them: a route by its ends
  // (`routes.GM:NL`), an incentive by origin and kind, and its actor when not the EU
  // (`policies.incentives.GM:partnership`, `...GM:visa:NL`), a bilateral arrangement by its
  // signatory and origin (`policies.bilateral.Benelux:GM`), a coalition by name.
  auto joined = [&](std::initializer_list<const char*> keys) {
    std::string out;
    for (const char* key : keys) {
      const std::string part = scalar_of(key);
      if (part.empty()) return std::string();
      out += (out.empty() ? "" : ":") + part;
    }
    return out;
  };
  if (list_name == "routes") return joined({"origin", "member_state"});
  if (list_name == "incentives") {
    const std::string by = scalar_of("by");
    const std::string key = joined({"origin", "kind"});
    return by.empty() || by == "EU" || key.empty() ? key : key + ":" + by;
  }
  if (list_name == "bilateral") return joined({"member_state", "origin"});
  if (list_name == "coalitions" || list_name == "schedules") return scalar_of("name");
  return scalar_of("id");
}

bool is_entity_list(const std::string& key) {
  return key == "member_states" || key == "origin_countries" || key == "routes" || key == "schedules";
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
    throw ScenarioError(std::move(problems), e.omitted());
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

const std::vector<std::string> kTopLevelSections = {
    "scenario", "simulation", "member_states", "origin_countries", "routes",
    "eu",       "policies",   "behaviour",     "cooperation",      "costs",  "schedules"};

const std::vector<std::string> kPolicySections = {"visa_leverage", "visa_history", "incentives", "bilateral",
                                                  "coalitions"};


/// One eu.agreements value: a map {kind, tcn_clause, start_month}, or a bare kind as shorthand
/// (expanded in place, so the effective YAML shows every value).
void read_eu_agreement(YamlValue& value, const std::string& path, scenario::OriginCountry& origin,
                       Checker& checker) {
  if (!value.is_map()) {
    YamlValue expanded = YamlValue::make_map(value.where);
    expanded.get_or_add("kind") = value;
    value = std::move(expanded);
  }
  read_fields(value, path, scenario::eu_agreement_fields(), origin, checker);
}

/// Resolves `by` (or a bilateral signatory) to an actor; `allow_eu` for incentives.
bool resolve_actor(const std::string& name, bool allow_eu, const std::map<std::string, std::size_t>& state_index,
                   const std::map<std::string, std::size_t>& coalition_index, scenario::Actor& actor) {
  using Kind = scenario::Actor::Kind;
  if (allow_eu && name == "EU") {
    actor = {Kind::eu, 0};
    return true;
  }
  if (auto it = state_index.find(name); it != state_index.end()) {
    actor = {Kind::member_state, it->second};
    return true;
  }
  if (auto it = coalition_index.find(name); it != coalition_index.end()) {
    actor = {Kind::coalition, it->second};
    return true;
  }
  return false;
}

/// The `policies` section: schema, then cross-references to states, origins and coalitions.
void read_policies(YamlValue& root, scenario::Scenario& s, const std::map<std::string, std::size_t>& state_index,
                   const std::map<std::string, std::size_t>& origin_index, Checker& checker) {
  scenario::Policies& p = s.policies;
  YamlValue* section = root.find("policies");
  if (section == nullptr) section = &root.get_or_add("policies");
  if (section->kind == YamlValue::Kind::null) *section = YamlValue::make_map(section->where);
  if (!section->is_map()) {
    checker.problem(section->where, "policies", "expected a map, found " + describe_kind(*section));
    scenario::apply_defaults(p.visa_leverage, scenario::visa_leverage_fields());
    return;
  }
  for (const auto& entry : section->entries) {
    if (std::find(kPolicySections.begin(), kPolicySections.end(), entry.key) == kPolicySections.end()) {
      checker.unknown_key(entry, "policies", kPolicySections);
    }
  }
  read_section(*section, "visa_leverage", false, scenario::visa_leverage_fields(), p.visa_leverage, checker,
               "policies.visa_leverage");
  p.coalitions = read_list(*section, "coalitions", "policies.coalitions", scenario::coalition_fields(), checker,
                           {"members"});
  p.visa_history = read_list(*section, "visa_history", "policies.visa_history", scenario::visa_history_fields(), checker);
  p.incentives = read_list(*section, "incentives", "policies.incentives", scenario::incentive_fields(), checker);
  p.bilateral = read_list(*section, "bilateral", "policies.bilateral", scenario::bilateral_fields(), checker);

  auto where = [&](const std::string& list, std::size_t i, const char* key) {
    return item_location(*section, list, i, key);
  };

  const auto& v = p.visa_leverage;
  if (v.insufficient_threshold > v.good_threshold) {
    YamlValue* t = find_dotted(*section, "visa_leverage.thresholds.insufficient");
    checker.problem(t != nullptr ? t->where : section->where, "policies.visa_leverage.thresholds",
                    "insufficient (" + format_number(v.insufficient_threshold) + ") must not exceed good (" +
                        format_number(v.good_threshold) + ")");
  }

  // Coalitions: unique names that are not "EU" or a member state id; members are member states.
  std::map<std::string, std::size_t> coalition_index;
  YamlValue* coalitions = section->find("coalitions");
  for (std::size_t i = 0; i < p.coalitions.size(); ++i) {
    auto& c = p.coalitions[i];
    const std::string path = "policies.coalitions[" + std::to_string(i) + "]";
    if (!c.name.empty()) {
      if (c.name == "EU" || state_index.count(c.name) != 0) {
        checker.problem(where("coalitions", i, "name"), path + ".name",
                        "'" + c.name + "' is already the name of the EU or of a member state");
      } else if (!coalition_index.emplace(c.name, i).second) {
        checker.problem(where("coalitions", i, "name"), path + ".name", "duplicate coalition '" + c.name + "'");
      }
    }
    const YamlValue& item = coalitions->items[i];
    const YamlValue* members = item.is_map() ? item.find("members") : nullptr;
    if (members == nullptr || !members->is_sequence()) {
      checker.problem(members != nullptr ? members->where : item.where, path + ".members",
                      "expected a list of member state ids");
      continue;
    }
    std::set<std::size_t> seen;
    for (const auto& m : members->items) {
      auto it = m.is_scalar() ? state_index.find(trimmed(m.scalar)) : state_index.end();
      if (it == state_index.end()) {
        checker.problem(m.where, path + ".members", describe_kind(m) + " is not the id of a member state");
      } else if (!seen.insert(it->second).second) {
        checker.problem(m.where, path + ".members", "'" + m.scalar + "' is listed twice");
      } else {
        c.members.push_back(trimmed(m.scalar));
        c.member_indices.push_back(it->second);
      }
    }
    if (members->items.size() < 2) {
      checker.problem(members->where, path + ".members", "a coalition needs at least two members");
    }
  }

  auto check_origin = [&](const std::string& list, std::size_t i, const std::string& id, std::size_t& index) {
    if (id.empty()) return;
    auto it = origin_index.find(id);
    if (it == origin_index.end()) {
      checker.problem(where(list, i, "origin"), "policies." + list + "[" + std::to_string(i) + "].origin",
                      "'" + id + "' is not the id of an origin country");
    } else {
      index = it->second;
    }
  };
  // Dated Art. 25a decisions: months from the calendar, applied in month order (stable: file order
  // within a month).
  for (std::size_t i = 0; i < p.visa_history.size(); ++i) {
    auto& entry = p.visa_history[i];
    const std::string path = "policies.visa_history[" + std::to_string(i) + "]";
    check_origin("visa_history", i, entry.origin, entry.origin_index);
    if (!entry.from.empty() && !scenario::is_valid_start_month(entry.from)) {
      checker.problem(where("visa_history", i, "from"), path + ".from", "'" + entry.from + "' is not a month YYYY-MM");
    } else if (!entry.from.empty() && scenario::is_valid_start_month(s.simulation.start)) {
      entry.month = std::clamp(scenario::months_between(s.simulation.start, entry.from), 0, 100000);
    }
    const bool needs_level = entry.decision != scenario::VisaDecision::withdrawn;
    if (needs_level && entry.decision != scenario::VisaDecision::lifted && entry.level == scenario::VisaLevel::none) {
      checker.problem(where("visa_history", i, "level"), path + ".level",
                      "a proposal or adoption needs a level (restrictive, escalated or positive)");
    }
    if (entry.origin_index < s.origin_countries.size() && !s.origin_countries[entry.origin_index].visa_required &&
        entry.origin == s.origin_countries[entry.origin_index].id) {
      checker.problem(where("visa_history", i, "origin"), path + ".origin",
                      "'" + entry.origin + "' is visa-free: Art. 25a does not apply");
    }
  }
  std::stable_sort(p.visa_history.begin(), p.visa_history.end(),
                   [](const auto& a, const auto& b) { return a.month < b.month; });
  for (std::size_t i = 0; i < p.incentives.size(); ++i) {
    auto& inc = p.incentives[i];
    const std::string path = "policies.incentives[" + std::to_string(i) + "]";
    check_origin("incentives", i, inc.origin, inc.origin_index);
    if (!resolve_actor(inc.by, true, state_index, coalition_index, inc.actor)) {
      checker.problem(where("incentives", i, "by"), path + ".by",
                      "'" + inc.by + "' is not EU, a member state id or a coalition name");
    }
    if (inc.end_month >= 0 && inc.end_month <= inc.start_month) {
      checker.problem(where("incentives", i, "end_month"), path + ".end_month",
                      std::to_string(inc.end_month) + " is not after start_month " + std::to_string(inc.start_month));
    }
  }
  std::set<std::tuple<std::string, std::string, int>> bilateral_seen;
  for (std::size_t i = 0; i < p.bilateral.size(); ++i) {
    auto& b = p.bilateral[i];
    const std::string path = "policies.bilateral[" + std::to_string(i) + "]";
    check_origin("bilateral", i, b.origin, b.origin_index);
    if (!b.member_state.empty() && !resolve_actor(b.member_state, false, state_index, coalition_index, b.actor)) {
      checker.problem(where("bilateral", i, "member_state"), path + ".member_state",
                      "'" + b.member_state + "' is not a member state id or a coalition name");
    }
    if (!bilateral_seen.emplace(b.member_state, b.origin, b.start_month).second) {
      checker.problem(where("bilateral", i, "start_month"), path,
                      "a second arrangement " + b.member_state + " - " + b.origin + " starting at month " +
                          std::to_string(b.start_month));
    }
  }
}

/// The `schedules` section: schema, calendar months, and the entities each entry names.
void read_schedules(YamlValue& root, scenario::Scenario& s, const std::map<std::string, std::size_t>& state_index,
                    const std::map<std::string, std::size_t>& origin_index, Checker& checker) {
  using Quantity = scenario::ScheduledQuantity;
  s.schedules = read_list(root, "schedules", "schedules", scenario::schedule_fields(), checker);
  std::set<std::string> names;
  for (std::size_t i = 0; i < s.schedules.size(); ++i) {
    auto& entry = s.schedules[i];
    const std::string path = "schedules[" + std::to_string(i) + "]";
    auto where = [&](const char* key) { return item_location(root, "schedules", i, key); };
    if (!entry.name.empty() && !names.insert(entry.name).second) {
      checker.problem(where("name"), path + ".name", "duplicate schedule name '" + entry.name + "'");
    }
    const bool from_ok = scenario::is_valid_start_month(entry.from);
    const bool to_ok = entry.to.empty() || scenario::is_valid_start_month(entry.to);
    if (!entry.from.empty() && !from_ok) {
      checker.problem(where("from"), path + ".from", "'" + entry.from + "' is not a month YYYY-MM");
    }
    if (!to_ok) checker.problem(where("to"), path + ".to", "'" + entry.to + "' is not a month YYYY-MM");
    if (from_ok && to_ok && scenario::is_valid_start_month(s.simulation.start)) {
      entry.from_month = scenario::months_between(s.simulation.start, entry.from);
      entry.to_month = entry.to.empty() ? -1 : scenario::months_between(s.simulation.start, entry.to);
      if (!entry.to.empty() && entry.to_month <= entry.from_month) {
        checker.problem(where("to"), path + ".to", "'" + entry.to + "' is not after from '" + entry.from + "'");
      }
      // Months before the first reported month never act; far ones are clamped to keep ints small.
      entry.from_month = std::clamp(entry.from_month, -1, 100000);
      if (entry.to_month != -1) entry.to_month = std::clamp(entry.to_month, 0, 100000);
    }
    const bool route_input = entry.quantity == Quantity::asylum_applications ||
                             entry.quantity == Quantity::irregular_apprehensions;
    const bool origin_input = entry.quantity == Quantity::id_capacity;
    if (!entry.origin.empty()) {
      if (auto it = origin_index.find(entry.origin); it == origin_index.end()) {
        checker.problem(where("origin"), path + ".origin", "'" + entry.origin + "' is not the id of an origin country");
      } else if (!route_input && !origin_input) {
        checker.problem(where("origin"), path + ".origin", "a member-state input takes no origin");
      } else {
        entry.origin_index = static_cast<std::ptrdiff_t>(it->second);
      }
    }
    if (!entry.member_state.empty()) {
      if (auto it = state_index.find(entry.member_state); it == state_index.end()) {
        checker.problem(where("member_state"), path + ".member_state",
                        "'" + entry.member_state + "' is not the id of a member state");
      } else if (origin_input) {
        checker.problem(where("member_state"), path + ".member_state",
                        "id_capacity is the origin's, for all member states: no member_state");
      } else {
        entry.state_index = static_cast<std::ptrdiff_t>(it->second);
      }
    }
  }
}

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
        // Missing maps on the way are created (`policies.visa_leverage.enabled` on a scenario
        // without `policies`); the schema check that follows reports any misspelt key.
        const bool existed = node->find(parts[i]) != nullptr;
        YamlValue& child = node->get_or_add(parts[i]);
        if (!existed) {  // a new key: a misspelling is reported where the override was written
          for (auto& entry : node->entries) {
            if (entry.key == parts[i]) entry.key_where = origin;
          }
        }
        if (!last && child.kind == YamlValue::Kind::null) child = YamlValue::make_map(origin);
        next.push_back(&child);
      } else {
        report("'" + parts[i - 1] + "' holds a single value, not a map");
        return;
      }
    }
    nodes = std::move(next);
  }
  for (YamlValue* node : nodes) *node = YamlValue::make_scalar(change.value, origin);
}

scenario::Scenario scenario_from_tree(YamlValue& root) {
  Checker checker;
  scenario::Scenario s;
  if (!root.is_map()) {
    checker.problem(root.where, "", "expected a YAML map of sections at the top level");
    throw checker.error();
  }
  if (root.find("sweep") != nullptr) {
    checker.problem(root.where, "sweep", "this is a sweep file; use 'returnsim sweep' (not a scenario)");
    throw checker.error();
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
  auto locate = [&](const std::string& list, std::size_t i, const char* key) {
    return item_location(root, list, i, key);
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
    agents += route.initial_stock + route.initial_absconded +
              (route.asylum_applications + route.irregular_apprehensions) *
                  (s.simulation.burn_in_months + s.simulation.months + s.behaviour.asylum_decision_months);
  }
  agents /= std::max(1, s.simulation.agent_scale);
  if (agents > scenario::kMaxAgents) {
    checker.problem(root.find("simulation") != nullptr ? root.find("simulation")->where : root.where,
                    "simulation.agent_scale",
                    "the scenario needs about " + format_number(std::round(agents)) +
                        " agents, more than the limit of " + format_number(scenario::kMaxAgents) +
                        "; raise agent_scale");
  }

  // Origins' transit countries.
  for (std::size_t i = 0; i < s.origin_countries.size(); ++i) {
    auto& origin = s.origin_countries[i];
    if (origin.transit_country.empty()) continue;
    const std::string path = "origin_countries[" + std::to_string(i) + "].transit_country";
    auto transit = origin_index.find(origin.transit_country);
    if (transit == origin_index.end()) {
      checker.problem(locate("origin_countries", i, "transit_country"), path,
                      "'" + origin.transit_country + "' is not the id of an origin country");
    } else if (transit->second == i) {
      checker.problem(locate("origin_countries", i, "transit_country"), path,
                      "an origin cannot be its own transit country");
    } else {
      origin.transit_index = static_cast<std::ptrdiff_t>(transit->second);
    }
  }

  read_policies(root, s, state_index, origin_index, checker);
  read_schedules(root, s, state_index, origin_index, checker);

  // eu.agreements: origin id -> none | informal | eura, or {kind, tcn_clause, start_month}.
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
          for (auto& entry : agreements->entries) {
            const std::string path = "eu.agreements." + entry.key;
            auto origin = origin_index.find(entry.key);
            if (origin == origin_index.end()) {
              checker.problem(entry.key_where, path, "'" + entry.key + "' is not the id of an origin country");
              continue;
            }
            read_eu_agreement(entry.value, path, s.origin_countries[origin->second], checker);
          }
        }
      }
    }
  }

  if (!checker.empty()) throw checker.error();
  return s;
}

LoadedScenario build_scenario(YamlValue root) {
  LoadedScenario loaded;
  loaded.scenario = scenario_from_tree(root);
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
