#include "returnsim/io/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace returnsim::io {

ProgressLine::ProgressLine(bool enabled, std::int64_t months_per_run, bool batch_lines)
    : enabled_(enabled && ::isatty(STDERR_FILENO) != 0),
      batch_(enabled && batch_lines && ::isatty(STDERR_FILENO) == 0),
      months_per_run_(std::max<std::int64_t>(1, months_per_run)),
      start_(std::chrono::steady_clock::now()) {}

void ProgressLine::update(std::int64_t months_done, std::int64_t months_total) {
  if (!enabled_ && !batch_) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double runs_done = static_cast<double>(months_done) / static_cast<double>(months_per_run_);
  const double runs_total = static_cast<double>(months_total) / static_cast<double>(months_per_run_);
  const double rate = seconds > 0 ? runs_done / seconds : 0.0;
  const double eta = rate > 0 ? (runs_total - runs_done) / rate : 0.0;
  const int eta_seconds = static_cast<int>(eta);
  if (enabled_) {
    std::fprintf(stderr, "\r  runs %.1f/%.0f  %.2f runs/s  ETA %02d:%02d   ", runs_done, runs_total, rate,
                 eta_seconds / 60, eta_seconds % 60);
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  const double share = runs_total > 0 ? runs_done / runs_total : 0.0;
  if (share + 1e-12 < next_share_ && seconds - last_line_seconds_ < 60.0) return;
  while (next_share_ <= share + 1e-12) next_share_ += 0.05;
  last_line_seconds_ = seconds;
  std::fprintf(stderr, "progress: %.0f/%.0f runs (%.0f%%), %.2f runs/s, ETA %d:%02d:%02d\n", runs_done, runs_total,
               100 * share, rate, eta_seconds / 3600, eta_seconds / 60 % 60, eta_seconds % 60);
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace returnsim::io
