#pragma once
/// @file
/// Sobol' indices of a `sobol` sweep's KPIs (engine/sensitivity.hpp, SALib's conventions), per
/// policy and KPI, from each sampled world's KPI averaged over its completed replications: what
/// `returnsim summary` prints and what the output file's `sensitivity` group holds.
#include <optional>
#include <string>
#include <vector>

#include "returnsim/engine/sensitivity.hpp"
#include "returnsim/io/h5_reader.hpp"

namespace returnsim::io {

/// An index whose |estimate| is at least this is not negligible: when its interval includes 0,
/// the base sample is too small to tell it from 0 (the summary's warning).
inline constexpr double kNegligibleIndex = 0.05;

struct KpiSensitivity {
  struct Cell {
    engine::SobolIndices indices;  ///< NaN throughout when some world has no value
    std::size_t missing_worlds = 0;  ///< sampled worlds without a completed run with a value of the KPI
  };
  std::size_t base_samples = 0;  ///< N
  int resamples = engine::kSobolResamples;
  double confidence_level = engine::kSobolConfidenceLevel;
  std::vector<std::string> policies;  ///< in order of first appearance
  std::vector<std::string> kpis;
  std::vector<std::string> factors;   ///< factor paths, sweep order
  std::vector<std::vector<Cell>> cells;  ///< [policy][kpi]
};

/// The indices of `kpis` (names of the table's KPIs) for every policy; nullopt when the table's
/// design is not sobol or its samples are not N blocks of factors + 2 worlds. Throws
/// std::invalid_argument for a name that is not one of the table's KPIs.
[[nodiscard]] std::optional<KpiSensitivity> kpi_sensitivity(const KpiTable& table, const std::vector<std::string>& kpis);

/// The indices of one cell whose |estimate| >= kNegligibleIndex and whose interval
/// (estimate +- conf) includes 0, as "FACTOR S1 0.21 ± 0.40"; empty when there are none.
[[nodiscard]] std::vector<std::string> inconclusive_indices(const engine::SobolIndices& indices,
                                                            const std::vector<std::string>& factors);

/// The indices as a JSON object (`summary --format json`): base_samples, resamples,
/// confidence_level, factors, kpis, and per policy and KPI the arrays S1, S1_conf, ST, ST_conf
/// over the factors (null for NaN), missing_worlds and the inconclusive indices of the warning.
[[nodiscard]] std::string format_sensitivity_json(const KpiSensitivity& sensitivity, const std::string& indent);

/// Adds (or replaces) the group `sensitivity` in the closed returnsim output at `path` when its
/// design is sobol (does nothing otherwise): dimension scales `policy`, `kpi`, `factor` (texts)
/// and float64 S1, S1_conf, ST, ST_conf [policy, kpi, factor] for every KPI of the file (NaN where
/// a world lacks a value: a shard, failed runs, an undefined KPI), with the group attributes
/// `resamples`, `confidence_level`, `base_samples`. Deterministic: the same runs give the same
/// values (however the sweep was run). Throws IoError when the file cannot be read or written.
void write_sensitivity_group(const std::string& path);

}  // namespace returnsim::io
