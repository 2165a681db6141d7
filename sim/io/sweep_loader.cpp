#include "returnsim/io/sweep_loader.hpp"

#include <filesystem>
#include <set>

#include "returnsim/engine/sweep_plan.hpp"
#include "override_checks.hpp"
#include "returnsim/io/calibration_output.hpp"
#include "yaml_schema.hpp"

namespace returnsim::io {
namespace fs = std::filesystem;
using namespace schema;

namespace {

const std::vector<std::string> kSweepSections = {"sweep", "policies", "uncertainties"};
constexpr double kMaxRuns = 1e7;  // keeps the plan and the runs table bounded

/// design: posterior: the calibration file's parameters become the factors (their prior's support
/// as the range), its particles and weights what the worlds are drawn from; its fingerprint is
/// written into the tree, so that the output records which posterior it used.
void read_posterior(const std::string& sweep_path, YamlValue& uncertainties, scenario::Uncertainties& u,
                    Checker& checker) {
  YamlValue* file = uncertainties.find("file");
  if (!u.factors.empty()) {
    checker.problem(uncertainties.find("factors")->where, "uncertainties.factors",
                    "a posterior design takes its factors from the calibration file; remove 'factors'");
    return;
  }
  if (u.posterior_file.empty()) {
    checker.problem(file != nullptr ? file->where : uncertainties.where, "uncertainties.file",
                    "design posterior needs file: the output of `returnsim calibrate`");
    return;
  }
  fs::path posterior = u.posterior_file;
  if (posterior.is_relative()) posterior = fs::path(sweep_path).parent_path() / posterior;
  CalibrationFile calibration;
  try {
    if (!fs::is_regular_file(posterior)) throw UsageError(posterior.string() + " does not exist or is not a file");
    calibration = read_calibration_file(posterior.string());
  } catch (const UsageError& e) {
    checker.problem(file->where, "uncertainties.file", e.what());
    return;
  }
  const YamlValue* pinned = uncertainties.find("fingerprint");
  if (!u.posterior_fingerprint.empty() && u.posterior_fingerprint != calibration.fingerprint) {
    checker.problem(pinned != nullptr ? pinned->where : file->where, "uncertainties.fingerprint",
                    "the file's calibration fingerprint is " + calibration.fingerprint + ", not " +
                        u.posterior_fingerprint + ": the posterior changed");
    return;
  }
  u.posterior_fingerprint = calibration.fingerprint;
  uncertainties.get_or_add("fingerprint") = YamlValue::make_scalar(calibration.fingerprint, file->where);
  for (const auto& p : calibration.parameters) {
    scenario::Factor f;
    f.path = p.path;
    f.low = p.low;
    f.high = p.high;
    u.factors.push_back(f);
  }
  u.posterior_particles = std::move(calibration.particles);
  u.posterior_weights = std::move(calibration.weights);
}

}  // namespace

bool is_sweep(const YamlValue& tree) { return tree.is_map() && tree.find("sweep") != nullptr; }

LoadedSweep load_sweep(const std::string& path) {
  LoadedSweep loaded;
  loaded.sweep_file = path;
  scenario::Sweep& sweep = loaded.sweep;
  YamlValue root = parse_yaml_file(path);
  Checker checker;
  if (!root.is_map()) {
    checker.problem(root.where, "", "expected a YAML map with sweep, policies and uncertainties");
    throw checker.error();
  }
  for (const auto& entry : root.entries) {
    if (std::find(kSweepSections.begin(), kSweepSections.end(), entry.key) == kSweepSections.end()) {
      checker.unknown_key(entry, "", kSweepSections);
    }
  }
  read_section(root, "sweep", true, scenario::sweep_fields(), sweep, checker);

  // Policies: a non-empty list of {name, set: {dotted.path: value}}.
  YamlValue* policies = root.find("policies");
  if (policies == nullptr || policies->kind == YamlValue::Kind::null) {
    checker.problem(policies != nullptr ? policies->where : root.where, "policies",
                    "missing required list 'policies' (at least one policy, e.g. {name: status-quo})");
  } else if (policies->is_sequence() && policies->items.empty()) {
    checker.problem(policies->where, "policies", "the list is empty; at least one policy is needed");
  } else {
    sweep.policies = read_list(root, "policies", "policies", scenario::sweep_policy_fields(), checker, {"set"});
    std::set<std::string> names;
    for (std::size_t i = 0; i < sweep.policies.size(); ++i) {
      const std::string at = "policies[" + std::to_string(i) + "]";
      YamlValue& item = policies->items[i];
      if (!sweep.policies[i].name.empty() && !names.insert(sweep.policies[i].name).second) {
        checker.problem(item.find("name")->where, at + ".name", "duplicate policy '" + sweep.policies[i].name + "'");
      }
      const YamlValue* set = item.is_map() ? item.find("set") : nullptr;
      if (set == nullptr || set->kind == YamlValue::Kind::null) continue;
      if (!set->is_map()) {
        checker.problem(set->where, at + ".set", "expected a map of dotted path: value");
        continue;
      }
      for (const auto& entry : set->entries) {
        if (!entry.value.is_scalar()) {
          checker.problem(entry.value.where, at + ".set." + entry.key, "expected a single value");
        } else if (is_fixed_path(entry.key)) {
          checker.problem(entry.key_where, at + ".set." + entry.key,
                          "simulation settings are fixed for a whole sweep (set them in the sweep section or the base)");
        } else {
          sweep.policies[i].set.push_back({entry.key, entry.value.scalar});
        }
      }
    }
  }

  // Uncertainties.
  YamlValue* uncertainties = root.find("uncertainties");
  if (uncertainties == nullptr) uncertainties = &root.get_or_add("uncertainties");
  if (uncertainties->kind == YamlValue::Kind::null) *uncertainties = YamlValue::make_map(uncertainties->where);
  auto& u = sweep.uncertainties;
  const bool samples_given = uncertainties->is_map() && uncertainties->find("samples") != nullptr;
  read_section(root, "uncertainties", false, scenario::uncertainty_fields(), u, checker, "", {"factors"});
  if (uncertainties->is_map()) {
    u.factors = read_list(*uncertainties, "factors", "uncertainties.factors", scenario::factor_fields(), checker,
                          {"range", "values"});
  }
  YamlValue* factors = uncertainties->is_map() ? uncertainties->find("factors") : nullptr;
  for (std::size_t i = 0; i < u.factors.size(); ++i) {
    scenario::Factor& f = u.factors[i];
    const std::string at = "uncertainties.factors[" + std::to_string(i) + "]";
    YamlValue& item = factors->items[i];
    const YamlValue* range = item.find("range");
    const YamlValue* values = item.find("values");
    if (is_fixed_path(f.path)) {
      checker.problem(item.find("path")->where, at + ".path", "simulation settings are fixed for a whole sweep");
    }
    if ((range == nullptr) == (values == nullptr)) {
      checker.problem(item.where, at, "give either range: [low, high] or values: [...]");
      continue;
    }
    if (range != nullptr) {
      const auto r = numbers(*range, at + ".range", checker);
      if (r.size() != 2) {
        checker.problem(range->where, at + ".range", "expected [low, high]");
      } else if (!(r[0] < r[1])) {
        checker.problem(range->where, at + ".range",
                        "low (" + format_number(r[0]) + ") must be below high (" + format_number(r[1]) + ")");
      } else {
        f.continuous = true;
        f.low = r[0];
        f.high = r[1];
      }
    } else {
      f.continuous = false;
      f.values = numbers(*values, at + ".values", checker);
      if (values->is_sequence() && values->items.empty()) checker.problem(values->where, at + ".values", "the list is empty");
    }
  }
  using scenario::Design;
  if (u.design == Design::posterior && uncertainties->is_map()) {
    read_posterior(path, *uncertainties, u, checker);
  }
  if (u.design == Design::none && !u.factors.empty()) {
    checker.problem(uncertainties->where, "uncertainties.design", "factors are given but the design is none");
  }
  if (u.design != Design::none && u.design != Design::posterior && u.factors.empty()) {
    checker.problem(uncertainties->where, "uncertainties.factors", "a grid, lhs or sobol design needs at least one factor");
  }
  if (u.design == Design::grid && samples_given) {
    checker.problem(uncertainties->find("samples")->where, "uncertainties.samples",
                    "a grid's samples are the product of its levels; remove 'samples'");
  }
  if (u.design != Design::lhs && u.design != Design::sobol && u.design != Design::posterior) u.samples = 1;
  if (!checker.empty()) throw checker.error();

  const double runs = static_cast<double>(sweep.policies.size()) *
                      static_cast<double>(engine::sample_count(u)) * sweep.replications;
  if (runs > kMaxRuns) {
    checker.problem(root.where, "", "the sweep has " + format_number(runs) + " runs, more than the limit of " +
                                        format_number(kMaxRuns) + "; split it");
    throw checker.error();
  }

  // The base scenario, then every policy and every factor's extremes applied to it.
  fs::path base = sweep.base_path;
  if (base.is_relative()) base = fs::path(path).parent_path() / base;
  sweep.base_path = base.string();
  try {
    loaded.base_tree = load_merged_tree(sweep.base_path);
  } catch (const ScenarioError& e) {
    // Point at the sweep's `base` line as well as the base file's own problem.
    const YamlValue* base_key = root.find("sweep") != nullptr ? root.find("sweep")->find("base") : nullptr;
    std::vector<InputProblem> problems = e.problems();
    const SourceLocation& where = base_key != nullptr ? base_key->where : root.where;
    problems.insert(problems.begin(), InputProblem{where.file_name(), where.line, where.column, "sweep.base",
                                                   "cannot load the base scenario '" + sweep.base_path + "'"});
    throw ScenarioError(std::move(problems), e.omitted());
  }
  loaded.base = build_scenario(loaded.base_tree);
  std::vector<InputProblem> found;
  // Found again: adding `uncertainties` above may have moved the root's entries.
  policies = root.find("policies");
  auto location_of = [&](const YamlValue* node) { return node != nullptr ? node->where : root.where; };
  for (std::size_t i = 0; i < sweep.policies.size(); ++i) {
    std::vector<std::pair<Override, SourceLocation>> changes;
    const YamlValue* set = policies->items[i].find("set");
    for (const auto& pv : sweep.policies[i].set) {
      changes.push_back({Override{pv.path, pv.value}, location_of(set != nullptr ? set->find(pv.path) : nullptr)});
    }
    try_build(loaded.base_tree, changes, found);
  }
  for (std::size_t i = 0; i < u.factors.size(); ++i) {
    const scenario::Factor& f = u.factors[i];
    // A posterior's factors come from its file: problems point at `file`.
    const SourceLocation where = factors != nullptr && i < factors->items.size()
                                     ? location_of(factors->items[i].find("path"))
                                     : location_of(uncertainties->find("file"));
    std::vector<double> probes = f.values;
    // Both ends and an inner, non-round point: an integer parameter cannot take a range.
    if (f.continuous) probes = {f.low, f.high, f.low + 0.377 * (f.high - f.low)};
    for (double v : probes) {
      const std::size_t before = found.size();
      try_build(loaded.base_tree, {{Override{f.path, format_number(v)}, where}}, found);
      if (found.size() != before) break;  // one report per factor is enough
    }
  }
  if (!found.empty()) throw ScenarioError(std::move(found));

  loaded.effective_yaml = emit_yaml(root);
  loaded.samples = engine::sample_factors(u, sweep.seed);
  return loaded;
}

scenario::Scenario sweep_scenario(const LoadedSweep& loaded, std::optional<std::size_t> policy,
                                  const std::vector<double>& factors) {
  YamlValue tree = loaded.base_tree;
  std::vector<InputProblem> problems;
  const SourceLocation where{std::make_shared<const std::string>(loaded.sweep_file), 0, 0};
  if (policy) {
    for (const auto& pv : loaded.sweep.policies.at(*policy).set) apply_override(tree, {pv.path, pv.value}, where, problems);
  }
  for (std::size_t i = 0; i < factors.size(); ++i) {
    apply_override(tree, {loaded.sweep.uncertainties.factors[i].path, format_number(factors[i])}, where, problems);
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return scenario_from_tree(tree);  // its YAML is the sweep's and the run's: not emitted again
}

engine::ScenarioForRun sweep_scenarios(const LoadedSweep& sweep) {
  return [&sweep](const engine::RunInfo& run, engine::BurnInWorld burn_in_world) {
    const auto policy = static_cast<std::size_t>(run.policy_index);
    engine::RunScenarios out;
    out.scenario = std::make_shared<const scenario::Scenario>(sweep_scenario(sweep, policy, run.factors));
    // The burn-in in the sampled world without the policy: every policy leaves the same steady
    // state at month 0 (a policy without overrides is that world already).
    if (burn_in_world == engine::BurnInWorld::needed && !sweep.sweep.policies.at(policy).set.empty()) {
      out.burn_in_world = std::make_shared<const scenario::Scenario>(sweep_scenario(sweep, std::nullopt, run.factors));
    }
    return out;
  };
}

}  // namespace returnsim::io
