#pragma once
/// @file
/// YAML scenario files -> validated scenario::Scenario. Resolves `extends`, applies overrides by
/// dotted path, checks the schema (unknown keys, types, ranges) and then the cross-references,
/// and reports every problem with file, line, column and key path (ScenarioError).
#include <string>
#include <utility>
#include <vector>

#include "returnsim/io/yaml_tree.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/scenario/scenario.hpp"

namespace returnsim::io {

/// A scenario together with the effective YAML text it was built from (after `extends`,
/// overrides and defaults), which output files record.
struct LoadedScenario {
  scenario::Scenario scenario;
  std::string effective_yaml;
};

/// One override: a dotted path ("simulation.seed", "origin_countries.GM.cooperation",
/// "origin_countries.*.visa_sensitivity", "routes.GM:NL.relations") and the scalar to put there.
struct Override {
  std::string path;
  std::string value;
};

/// Reads `path` and everything it `extends`, merged: maps key by key, `member_states` and
/// `origin_countries` by `id`, `routes` by (origin, member_state); other lists are replaced.
[[nodiscard]] YamlValue load_merged_tree(const std::string& path);

/// Sets the scalar at a dotted path; problems (unknown entity id, path through a scalar) are
/// appended to `problems` with `origin` as their location.
void apply_override(YamlValue& root, const Override& change, const SourceLocation& origin,
                    std::vector<InputProblem>& problems);

/// Validates a merged tree and builds the scenario; fills defaults into the tree.
[[nodiscard]] scenario::Scenario scenario_from_tree(YamlValue& root);
/// scenario_from_tree, with the effective YAML of the tree.
[[nodiscard]] LoadedScenario build_scenario(YamlValue root);

/// load_merged_tree + overrides + build_scenario.
[[nodiscard]] LoadedScenario load_scenario(const std::string& path,
                                           const std::vector<Override>& overrides = {});

}  // namespace returnsim::io
