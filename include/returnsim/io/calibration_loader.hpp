#pragma once
/// @file
/// Calibration files (SPEC §9; docs/calibration-format.md) -> a validated scenario::Calibration
/// and what builds each run's scenario. Like a sweep: the base scenario is loaded with its
/// `extends`, the fixed `set` and `agent_scale` are applied to it, and every parameter's path is
/// tried at both ends of its prior and an inner point, so that a bad path or value is reported
/// with the calibration file's line before anything runs. Targets name a known statistic, known
/// origins and member states, and months within the base's horizon.
#include <string>

#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/scenario/calibration.hpp"

namespace returnsim::io {

struct LoadedCalibration {
  scenario::Calibration calibration;
  std::string file;            ///< path of the calibration file
  /// The base as a one-policy sweep whose factors are the calibration's parameters: what
  /// sweep_scenarios() builds each run's scenario from (RunInfo::factors = the particle).
  LoadedSweep runs;
  std::string effective_yaml;  ///< the calibration file with its defaults filled in
};

/// True when a file's top level (its parsed tree) has a `calibration` key.
[[nodiscard]] bool is_calibration(const YamlValue& tree);

/// Reads and validates a calibration file and its base scenario.
[[nodiscard]] LoadedCalibration load_calibration(const std::string& path);

}  // namespace returnsim::io
