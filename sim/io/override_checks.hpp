#pragma once
// Internal to the io room: checks shared by the sweep and calibration loaders, which both apply
// dotted-path overrides to a base scenario and must report a bad path or value at its line.
#include <string>
#include <utility>
#include <vector>

#include "returnsim/io/yaml_loader.hpp"
#include "yaml_schema.hpp"

namespace returnsim::io {

/// Paths a sweep or calibration may not set: they fix the file's shape and the runs' seeds.
inline bool is_fixed_path(const std::string& path) { return path.rfind("simulation.", 0) == 0 || path == "simulation"; }

/// Applies overrides to a copy of the base tree and builds the scenario; problems are added.
inline void try_build(const YamlValue& base, const std::vector<std::pair<Override, SourceLocation>>& changes,
               std::vector<InputProblem>& problems) {
  YamlValue tree = base;
  const std::size_t before = problems.size();
  for (const auto& [change, where] : changes) apply_override(tree, change, where, problems);
  if (problems.size() != before) return;
  try {
    (void)scenario_from_tree(tree);
  } catch (const ScenarioError& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
  }
}

/// A list of numbers at `node` (`range` or `values`).
inline std::vector<double> numbers(const YamlValue& node, const std::string& path, schema::Checker& checker) {
  std::vector<double> out;
  if (!node.is_sequence()) {
    checker.problem(node.where, path, "expected a list of numbers, found " + schema::describe_kind(node));
    return out;
  }
  for (const auto& item : node.items) {
    double d = 0;
    if (!item.is_scalar() || !schema::parse_double(item.scalar, d)) {
      checker.problem(item.where, path, schema::describe_kind(item) + " is not a number");
    } else {
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace returnsim::io
