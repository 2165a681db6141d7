#pragma once
/// @file
/// Progress on stderr: runs done/total, runs/s, ETA. On a terminal, one line redrawn in place;
/// otherwise (a batch job's log) a line at every 5% of the runs and at least once a minute, so
/// that a Slurm log shows progress from the start. Silent when disabled (--quiet).
#include <chrono>
#include <cstdint>

namespace returnsim::io {

class ProgressLine {
 public:
  /// `months_per_run` converts the runner's month counter into runs; `batch_lines` false: nothing
  /// when stderr is not a terminal (the caller logs its own steps).
  ProgressLine(bool enabled, std::int64_t months_per_run, bool batch_lines = true);
  void update(std::int64_t months_done, std::int64_t months_total);
  /// Ends the line (newline) if anything was drawn.
  void finish();
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }

 private:
  bool enabled_;   ///< a terminal: the redrawn line
  bool batch_;     ///< not a terminal: a line per 5% or per minute
  bool drawn_ = false;
  double next_share_ = 0.05;
  double last_line_seconds_ = 0;
  std::int64_t months_per_run_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace returnsim::io
