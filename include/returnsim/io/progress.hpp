#pragma once
/// @file
/// One progress line redrawn on stderr: runs done/total, runs/s, ETA. Silent when stderr is not a
/// terminal or when disabled (--quiet).
#include <chrono>
#include <cstdint>

namespace returnsim::io {

class ProgressLine {
 public:
  /// `months_per_run` converts the runner's month counter into runs.
  ProgressLine(bool enabled, std::int64_t months_per_run);
  void update(std::int64_t months_done, std::int64_t months_total);
  /// Ends the line (newline) if anything was drawn.
  void finish();
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::int64_t months_per_run_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace returnsim::io
