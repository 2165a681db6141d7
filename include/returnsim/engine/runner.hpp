#pragma once
/// @file
/// Runs a plan of runs in parallel (TBB; each run is itself parallel inside) and hands every
/// finished run to one sink on the calling thread, so that HDF5 is only ever called from one
/// thread. At most `2 x threads` finished runs wait in memory.
#include <functional>
#include <vector>

#include "returnsim/engine/run_result.hpp"

namespace returnsim::engine {

/// Receives finished runs, one at a time, on the thread that called execute_runs.
class RunSink {
 public:
  virtual ~RunSink() = default;
  virtual void write(const RunResult& result) = 0;
};

/// Called on the calling thread about every 200 ms with (months done, months in all).
using ProgressCallback = std::function<void(std::int64_t done, std::int64_t total)>;

void execute_runs(const scenario::Scenario& scenario, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress = {});

}  // namespace returnsim::engine
