#pragma once
/// @file
/// Writes runs to one self-describing HDF5 file (SPEC §4; docs/output-format.md): dimension scales
/// run / month / origin / member_state so that xarray sees named, labelled dimensions; every
/// series, KPI and `runs` field a root variable with `units` and `description`; chunked one run
/// per chunk, shuffled and deflated. The file is written under a temporary name and renamed when
/// commit() is called; a writer destroyed before commit() removes its temporary file.
/// Not thread-safe: one thread (the runner's calling thread) makes every call.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "returnsim/io/parameter_records.hpp"
#include "returnsim/engine/runner.hpp"
#include "returnsim/engine/sweep_plan.hpp"

namespace returnsim::io {

/// Everything the file records besides the runs themselves.
struct OutputHeader {
  std::vector<std::string> origin_ids, origin_names;
  std::vector<std::string> member_state_ids, member_state_names;
  std::vector<std::string> month_labels;  ///< "YYYY-MM" for each month
  std::vector<engine::RunInfo> runs;      ///< the plan; `completed` starts false for each
  std::string scenario_name;
  std::string effective_yaml;             ///< full effective (base) scenario YAML
  std::string sweep_yaml;                 ///< the sweep's effective YAML ("" for `returnsim run`)
  std::vector<std::string> factor_paths;  ///< sampled factors; each run's values in RunInfo::factors
  std::string design;                     ///< sampling design of a sweep (none/grid/lhs/sobol); "" for run
  std::string fingerprint;                ///< of the sweep definition and build (hex); "" for run
  std::string fingerprint_build;          ///< the build in `fingerprint`: "VERSION REVISION"
  engine::Shard shard;                    ///< the share of `runs` this file receives
  std::string command_line;
  std::vector<ParameterRecord> parameters;  ///< the (base) scenario's parameters: the `parameters` group
};

/// The header of a scenario and a plan.
[[nodiscard]] OutputHeader make_output_header(const scenario::Scenario& scenario, std::string effective_yaml,
                                              std::vector<engine::RunInfo> runs, std::string command_line);

class H5Writer final : public engine::RunSink {
 public:
  /// Creates the temporary file (`temp_path`, by default next to `path` with the process id) and
  /// writes coordinates and metadata. Throws UsageError when `path` exists and `overwrite` is
  /// false; IoError when it cannot write.
  H5Writer(std::string path, const OutputHeader& header, bool overwrite, std::string temp_path = {});
  ~H5Writer() override;
  H5Writer(const H5Writer&) = delete;
  H5Writer& operator=(const H5Writer&) = delete;

  /// Runs per chunk of the variables along `run` alone (KPIs, `completed`).
  static constexpr std::size_t kRunsPerChunk = 1024;
  /// Shortest time between two batches of `completed` flags (and their flushes).
  static constexpr std::chrono::milliseconds kMarkInterval{1000};

  /// Writes one run's datasets. Runs are flagged completed in batches: when a run is written
  /// kMarkInterval or more after the last batch, the file is flushed, the flags of the runs
  /// written since then set (with their policy events), and the file flushed again; and at
  /// commit().
  void write(const engine::RunResult& result) override;
  /// Closes the file, forces it to disk and renames it to its final path. Throws IoError when a
  /// run of the file's share was never written (the file would look finished and not be).
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace returnsim::io
