#pragma once
/// @file
/// The KPI table of `returnsim summary`: per policy, each KPI's mean and 90% interval (5th-95th
/// percentile over completed runs); for every further policy, the paired difference to the first
/// (reference) policy, paired over (sample, replication), i.e. over common random numbers.
#include <string>
#include <vector>

#include "returnsim/io/h5_reader.hpp"

namespace returnsim::io {

/// Linear-interpolation quantile (type 7) of `values`, q in [0, 1]; NaN for no values.
[[nodiscard]] double quantile(std::vector<double> values, double q);

[[nodiscard]] std::string format_summary(const KpiTable& table, const std::string& path);
/// Per policy and KPI: mean, 5% and 95% over completed runs, as CSV / JSON.
[[nodiscard]] std::string format_kpi_csv(const KpiTable& table);
[[nodiscard]] std::string format_kpi_json(const KpiTable& table, const std::string& path);

}  // namespace returnsim::io
