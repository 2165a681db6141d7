#pragma once
/// @file
/// A scenario's parameters as the output file's `parameters` group records them: each value with
/// its unit, description and source from the parameter table (scenario/parameters.hpp).
#include <string>
#include <vector>

#include "returnsim/scenario/scenario.hpp"

namespace returnsim::io {

/// One parameter of the scenario's world (the base scenario of a sweep).
struct ParameterRecord {
  std::string section;  ///< "simulation", "behaviour", "origin_countries", "routes", ...
  std::string key;
  /// Dimensions: none (one value), {"origin"}, {"member_state"} or {"origin", "member_state"}
  /// (routes: NaN, or "" for text, where a pair has no route).
  std::vector<std::string> dims;
  bool is_text = false;              ///< text and choices; else numbers (integers and booleans as numbers)
  std::vector<double> numbers;       ///< row-major over dims
  std::vector<std::string> texts;    ///< row-major over dims
  std::string unit, description, source;
};

/// Every parameter of the scenario's world sections: simulation, member states, origin countries
/// (with their EU agreements), routes, behaviour, cooperation, costs and the Art. 25a settings.
/// Dated policies (incentives, bilateral changes, visa history, schedules) are lists of events,
/// not parameters: the effective YAML (provenance group) holds them.
[[nodiscard]] std::vector<ParameterRecord> parameter_records(const scenario::Scenario& s);

}  // namespace returnsim::io
