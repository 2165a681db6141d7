#pragma once
/// @file
/// The crash journal of a sweep (FILE.h5.journal): an append-only file of finished runs, each
/// deflated and framed by its length and checksum and forced to disk (fdatasync) before the run counts
/// as done. After a kill -9 or a power loss the journal holds every run that was done, followed at
/// most by one torn record, which reopen() cuts off. `--resume` rebuilds the output from the
/// journal and runs the rest, so the finished file is the one an uninterrupted sweep writes.
/// The journal is locked (flock) while open: two processes never write one output.
#include <cstdint>
#include <functional>
#include <string>

#include "returnsim/engine/run_result.hpp"

namespace returnsim::io {

class RunJournal {
 public:
  /// Starts an empty journal at `path` for the sweep whose definition has `fingerprint`, and makes
  /// its existence durable. Throws UsageError when another process holds it; IoError on failure.
  static RunJournal create(const std::string& path, std::uint64_t fingerprint);

  /// Opens the journal of an interrupted sweep and hands every intact run to `replay`, in the
  /// order they were written; a torn last record is cut off. Throws UsageError when the journal
  /// belongs to a different sweep definition (or build), or another process holds it.
  static RunJournal reopen(const std::string& path, std::uint64_t fingerprint,
                           const std::function<void(engine::RunResult&&)>& replay);

  RunJournal(RunJournal&& other) noexcept;
  RunJournal& operator=(RunJournal&&) = delete;
  RunJournal(const RunJournal&) = delete;
  RunJournal& operator=(const RunJournal&) = delete;
  ~RunJournal();

  /// Appends one run; returns when it is on disk.
  void append(const engine::RunResult& run);
  /// Closes and deletes the journal (the output it protected is complete and durable).
  void remove();

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  RunJournal(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

/// Forces a file's data and the directory entry naming it to disk (after a rename, a create).
void sync_file_and_directory(const std::string& path);

}  // namespace returnsim::io
