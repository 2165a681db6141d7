#pragma once
/// @file
/// Reads back what `summary` needs from an output file: the runs table and the KPIs.
#include <string>
#include <vector>

namespace returnsim::io {

struct KpiTable {
  std::vector<std::string> policy;        ///< per run
  std::vector<long long> sample;          ///< per run
  std::vector<long long> replication;     ///< per run
  std::vector<int> completed;             ///< per run
  std::vector<std::string> kpi_names;
  std::vector<std::vector<double>> kpi;   ///< [kpi][run]
  std::string scenario_name;
};

/// Throws IoError when the file cannot be read or lacks a variable.
[[nodiscard]] KpiTable read_kpi_table(const std::string& path);

}  // namespace returnsim::io
