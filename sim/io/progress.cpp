#include "returnsim/io/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace returnsim::io {

ProgressLine::ProgressLine(bool enabled, std::int64_t months_per_run)
    : enabled_(enabled && ::isatty(STDERR_FILENO) != 0),
      months_per_run_(std::max<std::int64_t>(1, months_per_run)),
      start_(std::chrono::steady_clock::now()) {}

void ProgressLine::update(std::int64_t months_done, std::int64_t months_total) {
  if (!enabled_) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double runs_done = static_cast<double>(months_done) / static_cast<double>(months_per_run_);
  const double runs_total = static_cast<double>(months_total) / static_cast<double>(months_per_run_);
  const double rate = seconds > 0 ? runs_done / seconds : 0.0;
  const double eta = rate > 0 ? (runs_total - runs_done) / rate : 0.0;
  std::fprintf(stderr, "\r  runs %.1f/%.0f  %.2f runs/s  ETA %02d:%02d   ", runs_done, runs_total, rate,
               static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace returnsim::io
