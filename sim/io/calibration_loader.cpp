#include "returnsim/io/calibration_loader.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include "returnsim/engine/window_statistics.hpp"
#include "override_checks.hpp"
#include "yaml_schema.hpp"

namespace returnsim::io {
namespace fs = std::filesystem;
using namespace schema;

namespace {

const std::vector<std::string> kCalibrationSections = {"calibration", "set", "parameters", "targets", "held_out", "method"};

std::string statistic_names() {
  std::string out;
  for (const auto& s : engine::window_statistics()) out += (out.empty() ? "" : ", ") + std::string(s.name);
  return out;
}

/// A `set:` map of dotted path -> scalar.
std::vector<scenario::PathValue> read_set(YamlValue& root, Checker& checker) {
  std::vector<scenario::PathValue> out;
  const YamlValue* set = root.find("set");
  if (set == nullptr || set->kind == YamlValue::Kind::null) return out;
  if (!set->is_map()) {
    checker.problem(set->where, "set", "expected a map of dotted path: value");
    return out;
  }
  for (const auto& entry : set->entries) {
    if (!entry.value.is_scalar()) {
      checker.problem(entry.value.where, "set." + entry.key, "expected a single value");
    } else if (is_fixed_path(entry.key)) {
      checker.problem(entry.key_where, "set." + entry.key,
                      "simulation settings come from the base scenario (agent_scale: in the calibration section)");
    } else {
      out.push_back({entry.key, entry.value.scalar});
    }
  }
  return out;
}

/// `targets` or `held_out`: schema, months, and a known statistic.
std::vector<scenario::CalibrationTarget> read_targets(YamlValue& root, const std::string& list, Checker& checker) {
  auto targets = read_list(root, list, list, scenario::calibration_target_fields(), checker, {"months"});
  YamlValue* items = root.find(list);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto& t = targets[i];
    const std::string at = list + "[" + std::to_string(i) + "]";
    YamlValue& item = items->items[i];
    if (!item.is_map()) continue;
    if (!t.statistic.empty() && engine::find_window_statistic(t.statistic) == nullptr) {
      checker.problem(item.find("kpi")->where, at + ".kpi",
                      "unknown statistic '" + t.statistic + "'; expected one of: " + statistic_names());
    }
    if (item.find("sd") != nullptr && !(t.sd > 0)) {
      checker.problem(item.find("sd")->where, at + ".sd", "the uncertainty must be above 0");
    }
    const YamlValue* months = item.find("months");
    if (months == nullptr) {
      checker.problem(item.where, at + ".months", "missing required key 'months' ([first, last] reported months)");
      continue;
    }
    const auto m = numbers(*months, at + ".months", checker);
    if (m.size() != 2 || m[0] != std::floor(m[0]) || m[1] != std::floor(m[1]) || m[0] < 0 || m[1] < m[0] || m[1] > 1e6) {
      checker.problem(months->where, at + ".months", "expected [first, last]: whole reported months, 0 <= first <= last");
      continue;
    }
    t.first_month = static_cast<int>(m[0]);
    t.last_month = static_cast<int>(m[1]);
  }
  return targets;
}

}  // namespace

bool is_calibration(const YamlValue& tree) { return tree.is_map() && tree.find("calibration") != nullptr; }

LoadedCalibration load_calibration(const std::string& path) {
  LoadedCalibration loaded;
  loaded.file = path;
  scenario::Calibration& c = loaded.calibration;
  YamlValue root = parse_yaml_file(path);
  Checker checker;
  if (!root.is_map()) {
    checker.problem(root.where, "", "expected a YAML map with calibration, parameters, targets and method");
    throw checker.error();
  }
  for (const auto& entry : root.entries) {
    if (std::find(kCalibrationSections.begin(), kCalibrationSections.end(), entry.key) == kCalibrationSections.end()) {
      checker.unknown_key(entry, "", kCalibrationSections);
    }
  }
  read_section(root, "calibration", true, scenario::calibration_fields(), c, checker);
  c.set = read_set(root, checker);
  read_section(root, "method", false, scenario::abc_method_fields(), c.method, checker);

  // Parameters: unique paths, a prior with a valid support.
  YamlValue* parameters = root.find("parameters");
  std::vector<bool> given_normal;
  if (parameters == nullptr || parameters->kind == YamlValue::Kind::null ||
      (parameters->is_sequence() && parameters->items.empty())) {
    checker.problem(parameters != nullptr ? parameters->where : root.where, "parameters",
                    "at least one parameter to calibrate is needed ({path: ..., prior: uniform, range: [low, high]})");
  } else {
    // Which items give mean or sd themselves (reading fills the defaults in).
    if (parameters->is_sequence()) {
      for (const auto& item : parameters->items) {
        given_normal.push_back(item.is_map() && (item.find("mean") != nullptr || item.find("sd") != nullptr));
      }
    }
    c.parameters = read_list(root, "parameters", "parameters", scenario::calibration_parameter_fields(), checker, {"range"});
  }
  std::set<std::string> paths;
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    auto& p = c.parameters[i];
    const std::string at = "parameters[" + std::to_string(i) + "]";
    YamlValue& item = parameters->items[i];
    if (!item.is_map()) continue;
    if (!p.path.empty() && !paths.insert(p.path).second) {
      checker.problem(item.find("path")->where, at + ".path", "the path '" + p.path + "' is calibrated twice");
    }
    if (is_fixed_path(p.path)) {
      checker.problem(item.find("path")->where, at + ".path", "simulation settings cannot be calibrated");
    }
    const YamlValue* range = item.find("range");
    if (range == nullptr) {
      checker.problem(item.where, at + ".range", "missing required key 'range' ([low, high]: the prior's support)");
      continue;
    }
    const auto r = numbers(*range, at + ".range", checker);
    if (r.size() != 2 || !(r[0] < r[1]) || !std::isfinite(r[0]) || !std::isfinite(r[1])) {
      checker.problem(range->where, at + ".range", "expected [low, high] with low below high");
      continue;
    }
    p.low = r[0];
    p.high = r[1];
    if (p.prior == scenario::Prior::loguniform && !(p.low > 0)) {
      checker.problem(range->where, at + ".range", "a loguniform prior needs low above 0");
    }
    if (p.prior == scenario::Prior::normal) {
      if (!(p.sd > 0)) checker.problem(item.where, at + ".sd", "a normal prior needs mean and sd (above 0)");
    } else if (i < given_normal.size() && given_normal[i]) {
      checker.problem(item.where, at, "mean and sd belong to a normal prior only");
    }
  }

  // Targets and held-out checks: at least one target; names unique across both lists.
  YamlValue* targets = root.find("targets");
  if (targets == nullptr || targets->kind == YamlValue::Kind::null || (targets->is_sequence() && targets->items.empty())) {
    checker.problem(targets != nullptr ? targets->where : root.where, "targets",
                    "at least one target (a published figure to fit) is needed");
  } else {
    c.targets = read_targets(root, "targets", checker);
  }
  if (root.find("held_out") != nullptr) c.held_out = read_targets(root, "held_out", checker);
  std::set<std::string> names;
  for (const auto* list : {&c.targets, &c.held_out}) {
    const std::string key = list == &c.targets ? "targets" : "held_out";
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto& name = (*list)[i].name;
      if (!name.empty() && !names.insert(name).second) {
        checker.problem(item_location(root, key, i, "name"), key + "[" + std::to_string(i) + "].name",
                        "duplicate target name '" + name + "'");
      }
    }
  }
  const auto kept = std::lround(c.method.alpha * c.method.particles);
  if (kept < 2 || kept >= c.method.particles) {
    checker.problem(root.find("method") != nullptr ? root.find("method")->where : root.where, "method.alpha",
                    "alpha x particles must keep at least 2 and fewer than all particles");
  }
  if (static_cast<double>(c.method.max_simulations) < static_cast<double>(c.method.particles) * c.method.replications) {
    checker.problem(root.find("method") != nullptr ? root.find("method")->where : root.where, "method.max_simulations",
                    "the budget must hold the first generation (particles x replications runs)");
  }
  if (!checker.empty()) throw checker.error();

  // The base scenario with `agent_scale` and `set` applied: the world every run starts from.
  fs::path base = c.base_path;
  if (base.is_relative()) base = fs::path(path).parent_path() / base;
  c.base_path = base.string();
  YamlValue* section = root.find("calibration");
  auto location_of = [&](const YamlValue* node) { return node != nullptr ? node->where : root.where; };
  try {
    loaded.runs.base_tree = load_merged_tree(c.base_path);
  } catch (const ScenarioError& e) {
    std::vector<InputProblem> problems = e.problems();
    const SourceLocation where = location_of(section->find("base"));
    problems.insert(problems.begin(), InputProblem{where.file_name(), where.line, where.column, "calibration.base",
                                                   "cannot load the base scenario '" + c.base_path + "'"});
    throw ScenarioError(std::move(problems), e.omitted());
  }
  std::vector<InputProblem> found;
  if (c.agent_scale > 0) {
    apply_override(loaded.runs.base_tree, {"simulation.agent_scale", std::to_string(c.agent_scale)},
                   location_of(section->find("agent_scale")), found);
  }
  const YamlValue* set = root.find("set");
  for (const auto& pv : c.set) {
    apply_override(loaded.runs.base_tree, {pv.path, pv.value}, location_of(set != nullptr ? set->find(pv.path) : nullptr),
                   found);
  }
  if (!found.empty()) throw ScenarioError(std::move(found));
  try {
    loaded.runs.base = build_scenario(loaded.runs.base_tree);
  } catch (const ScenarioError& e) {
    std::vector<InputProblem> problems = e.problems();
    const SourceLocation where = location_of(set != nullptr ? set : section);
    problems.insert(problems.begin(), InputProblem{where.file_name(), where.line, where.column, "set",
                                                   "the base scenario with these settings is not valid"});
    throw ScenarioError(std::move(problems), e.omitted());
  }
  const scenario::Scenario& s = loaded.runs.base.scenario;
  // Every parameter at both ends of its support and an inner point.
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    const auto& p = c.parameters[i];
    const SourceLocation where = location_of(parameters->items[i].find("path"));
    for (double v : {p.low, p.high, p.low + 0.377 * (p.high - p.low)}) {
      const std::size_t before = found.size();
      try_build(loaded.runs.base_tree, {{Override{p.path, format_number(v)}, where}}, found);
      if (found.size() != before) break;
    }
  }
  // Targets: origins and states of the base, months within its horizon.
  for (auto* list : {&c.targets, &c.held_out}) {
    const std::string key = list == &c.targets ? "targets" : "held_out";
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto& t = (*list)[i];
      const std::string at = key + "[" + std::to_string(i) + "]";
      auto problem = [&](const char* field, const std::string& message) {
        const SourceLocation where = item_location(root, key, i, field);
        found.push_back(InputProblem{where.file_name(), where.line, where.column, at + "." + field, message});
      };
      if (!t.origin.empty()) {
        for (std::size_t o = 0; o < s.origin_countries.size(); ++o) {
          if (s.origin_countries[o].id == t.origin) t.origin_index = static_cast<std::ptrdiff_t>(o);
        }
        if (t.origin_index < 0) problem("origin", "'" + t.origin + "' is not an origin country of the base scenario");
      }
      if (!t.member_state.empty()) {
        for (std::size_t st = 0; st < s.member_states.size(); ++st) {
          if (s.member_states[st].id == t.member_state) t.state_index = static_cast<std::ptrdiff_t>(st);
        }
        if (t.state_index < 0) problem("member_state", "'" + t.member_state + "' is not a member state of the base scenario");
      }
      if (t.last_month >= s.simulation.months) {
        problem("months", "month " + std::to_string(t.last_month) + " is beyond the base's " +
                              std::to_string(s.simulation.months) + " reported months (0-" +
                              std::to_string(s.simulation.months - 1) + ")");
      }
    }
  }
  if (!found.empty()) throw ScenarioError(std::move(found));

  // The runs: one policy without overrides (the burn-in is the particle's own world), the
  // parameters as factors.
  scenario::Sweep& sweep = loaded.runs.sweep;
  sweep.name = c.name;
  sweep.base_path = c.base_path;
  sweep.seed = c.seed;
  sweep.replications = std::max(1, c.method.replications);
  sweep.policies = {scenario::SweepPolicy{"calibration", {}}};
  for (const auto& p : c.parameters) {
    scenario::Factor f;
    f.path = p.path;
    f.low = p.low;
    f.high = p.high;
    sweep.uncertainties.factors.push_back(f);
  }
  loaded.runs.sweep_file = path;
  loaded.effective_yaml = emit_yaml(root);
  loaded.runs.effective_yaml = loaded.effective_yaml;
  return loaded;
}

}  // namespace returnsim::io
