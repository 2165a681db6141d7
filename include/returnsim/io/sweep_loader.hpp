#pragma once
/// @file
/// Sweep files (SPEC §3) -> a validated scenario::Sweep, the base scenario's tree, and the
/// scenario of any (policy, sampled world). Every policy's overrides and every factor's extreme
/// values are applied to the base scenario and validated while loading, so a bad path or value is
/// reported with the sweep file's line before anything runs.
#include <optional>
#include <string>
#include <vector>

#include "returnsim/engine/runner.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/scenario/sweep.hpp"

namespace returnsim::io {

struct LoadedSweep {
  scenario::Sweep sweep;
  std::string sweep_file;                    ///< path of the sweep file
  YamlValue base_tree;                       ///< the base scenario after `extends`, before overrides
  LoadedScenario base;                       ///< the base scenario as it is (shape, labels, months)
  std::string effective_yaml;                ///< the sweep file with its defaults filled in
  std::vector<std::vector<double>> samples;  ///< [sample][factor], from engine::sample_factors
};

/// True when a file's top level (its parsed tree) has a `sweep` key (a sweep, not a scenario).
[[nodiscard]] bool is_sweep(const YamlValue& tree);

/// Reads and validates a sweep file and its base scenario; draws the sampled worlds.
[[nodiscard]] LoadedSweep load_sweep(const std::string& path);

/// The scenario of policy `policy` (none: the base scenario's own policies) in a world with the
/// given factor values. Thread-safe.
[[nodiscard]] scenario::Scenario sweep_scenario(const LoadedSweep& sweep, std::optional<std::size_t> policy,
                                                const std::vector<double>& factors);

/// For the runner: each run's scenario (its policy and its world's factor values) and its burn-in
/// world (the same world without the policy), built when the run starts, so that memory holds
/// only the runs under way whatever the size of the sweep. `sweep` must outlive the runs.
[[nodiscard]] engine::ScenarioForRun sweep_scenarios(const LoadedSweep& sweep);

}  // namespace returnsim::io
