#pragma once
// The CLI's commands: each loads its input, drives the library and prints; main.cpp parses the
// arguments and maps errors to exit codes.
#include <optional>
#include <string>
#include <vector>

#include "returnsim/engine/mpi_session.hpp"

namespace returnsim::cli {

/// Options of run, sweep and calibrate.
struct RunOptions {
  std::string scenario_path;
  std::string output_path;
  std::optional<std::string> replications, seed, months;
  std::optional<std::string> shard;
  std::vector<std::string> settings;  ///< --set PATH=VALUE overrides
  int threads = 0;
  bool quiet = false;
  bool force = false;
  bool resume = false;
};

int command_run(const RunOptions& o, const std::string& command_line);
/// Sweeps: TBB on every rank, rank 0 writes; shards; --resume from the journal.
int command_sweep(const RunOptions& o, const std::string& command_line, const engine::MpiSession& mpi);
/// ABC-SMC calibration (SPEC §9): generations of runs over TBB (and MPI ranks), a journal for
/// --resume, the posterior file at the end; prints the summary.
int command_calibrate(const RunOptions& o, const std::string& command_line, const engine::MpiSession& mpi);
/// Joins shard files of one sweep into the file one machine writes.
int command_merge(const std::vector<std::string>& inputs, const std::string& output_given, bool force,
                  const std::string& command_line);
int command_check(const std::string& path);
/// `summary`: a calibration file's posterior; an output's KPIs and the comparison of its policies.
int command_summary(const std::string& path, const std::string& by, const std::string& format);
/// `report`: the strategist's HTML page of a sweep (tools/report.py).
int command_report(const std::string& path, const std::string& output);

}  // namespace returnsim::cli
