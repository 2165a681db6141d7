#pragma once
/// @file
/// Reads output files back: the runs table and KPIs (`summary`), and whole runs with the header
/// they were written under (`merge`).
#include <memory>
#include <string>
#include <vector>

#include "returnsim/engine/run_result.hpp"
#include "returnsim/io/h5_writer.hpp"

namespace returnsim::io {

struct KpiTable {
  std::vector<std::string> policy;        ///< per run
  std::vector<long long> sample;          ///< per run
  std::vector<long long> replication;     ///< per run
  std::vector<int> completed;             ///< per run
  std::vector<std::string> kpi_names;
  std::vector<std::vector<double>> kpi;   ///< [kpi][run]
  std::string scenario_name;
  std::string design;                     ///< sampling design of a sweep; "" for `run` files
  std::vector<std::string> factor_paths;  ///< sampled factors, in sweep order
};

/// Throws IoError when the file cannot be read or lacks a variable.
[[nodiscard]] KpiTable read_kpi_table(const std::string& path);

/// An output file opened to read whole runs back.
class OutputReader {
 public:
  /// Throws IoError when the file cannot be read or is not a returnsim output.
  explicit OutputReader(const std::string& path);
  ~OutputReader();
  OutputReader(const OutputReader&) = delete;
  OutputReader& operator=(const OutputReader&) = delete;

  /// The header the file was written with (its shard, fingerprint, plan and labels).
  [[nodiscard]] const OutputHeader& header() const;
  /// completed()[run] is 1 when that run's data are in the file.
  [[nodiscard]] const std::vector<int>& completed() const;
  /// One completed run, its series, KPIs and policy events.
  [[nodiscard]] engine::RunResult read_run(std::size_t index) const;
  /// One run's per-pair series `name`, [month][origin][member state], people.
  [[nodiscard]] std::vector<std::int32_t> read_pair_series(const std::string& name, std::size_t index) const;
  /// One run's per-state series `name` (cost_eur, ...), [month][member state].
  [[nodiscard]] std::vector<double> read_state_series(const std::string& name, std::size_t index) const;
  [[nodiscard]] const std::string& path() const;
  /// True when the file holds a variable `name`.
  [[nodiscard]] bool has_variable(const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace returnsim::io
