#pragma once
/// @file
/// Crash journals: append-only files of records, each framed by its length and checksum and
/// forced to disk (fdatasync) before it counts as done. After a kill -9 or a power loss a journal
/// holds every record that was appended, followed at most by one torn record, which reopen() cuts
/// off. A sweep's journal (FILE.h5.journal, RunJournal) holds its finished runs, deflated;
/// `--resume` rebuilds the output from it and runs the rest, so the finished file is the one an
/// uninterrupted sweep writes. A calibration's journal holds its finished simulations' summary
/// statistics (io/calibration_output.hpp). A journal is locked (flock) while open: two processes
/// never write one output.
#include <cstdint>
#include <array>
#include <functional>
#include <string>
#include <string_view>

#include "returnsim/engine/run_result.hpp"

namespace returnsim::io {

/// A journal of opaque records. `magic` (8 bytes) names the kind of journal; `fingerprint` the
/// definition (sweep or calibration, and build) whose records it holds.
class RecordJournal {
 public:
  using Magic = std::array<char, 8>;

  /// Starts an empty journal at `path` and makes its existence durable. Throws UsageError when
  /// another process holds it; IoError on failure.
  static RecordJournal create(const std::string& path, const Magic& magic, std::uint64_t fingerprint);

  /// Opens an interrupted journal and hands every intact record to `replay`, in the order they
  /// were written, until `replay` returns false (a record it cannot read: cut there like a torn
  /// one); a torn last record is cut off. Throws UsageError when the journal is of another kind
  /// or belongs to a different definition (or build), or another process holds it.
  /// `kind` names the definition in messages ("sweep", "calibration").
  static RecordJournal reopen(const std::string& path, const Magic& magic, std::uint64_t fingerprint,
                              const std::function<bool(std::string&&)>& replay, std::string_view kind);

  RecordJournal(RecordJournal&& other) noexcept;
  RecordJournal& operator=(RecordJournal&&) = delete;
  RecordJournal(const RecordJournal&) = delete;
  RecordJournal& operator=(const RecordJournal&) = delete;
  ~RecordJournal();

  /// Appends one record; returns when it is on disk.
  void append(std::string_view payload);
  /// Closes and deletes the journal (the output it protected is complete and durable).
  void remove();

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  RecordJournal(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

/// A sweep's journal of finished runs (each deflated).
class RunJournal {
 public:
  static RunJournal create(const std::string& path, std::uint64_t fingerprint);
  /// As RecordJournal::reopen, handing over runs.
  static RunJournal reopen(const std::string& path, std::uint64_t fingerprint,
                           const std::function<void(engine::RunResult&&)>& replay);
  /// Appends one run; returns when it is on disk.
  void append(const engine::RunResult& run);
  void remove() { records_.remove(); }
  [[nodiscard]] const std::string& path() const { return records_.path(); }

 private:
  explicit RunJournal(RecordJournal records) : records_(std::move(records)) {}
  RecordJournal records_;
};

/// Forces a file's data and the directory entry naming it to disk (after a rename, a create).
void sync_file_and_directory(const std::string& path);

}  // namespace returnsim::io
