#pragma once
/// @file
/// The life of one output file (SPEC §4, §8). The HDF5 file is written run by run under a
/// temporary name and takes its final name only when whole and on disk. A sweep also keeps a crash
/// journal (FILE.h5.journal, io/run_journal.hpp): a run is written to the HDF5 file, and marked
/// `completed` there, only after it is durable in the journal. After a kill or power loss,
/// `--resume` rebuilds the HDF5 file from the journal, runs only what is missing, and ends with
/// the file an uninterrupted sweep writes. An existing output is never replaced without --force.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "returnsim/engine/runner.hpp"
#include "returnsim/io/h5_writer.hpp"
#include "returnsim/io/run_journal.hpp"
#include "returnsim/io/sweep_loader.hpp"

namespace returnsim::io {

struct OutputOptions {
  bool overwrite = false;  ///< replace an existing output and start over (--force)
  bool resume = false;     ///< finish an interrupted sweep (--resume); starts afresh when there is none
  bool journal = false;    ///< keep a crash journal (sweeps)
};

/// This build, as a fingerprint names it: "VERSION REVISION".
[[nodiscard]] std::string this_build();

/// Fingerprint of what decides a sweep's numbers: the sweep and base YAML as loaded and the build.
/// A journal or file with another fingerprint is never resumed; `merge` recomputes it from a
/// file's own YAML attributes to find a damaged file.
[[nodiscard]] std::string sweep_fingerprint(const std::string& sweep_yaml, const std::string& base_yaml,
                                            const std::string& build = this_build());

/// The header of a sweep's output: the base scenario's labels, the plan, the sweep's name, YAML,
/// design, factor paths and fingerprint, and the shard the file holds.
/// The header of the file merged from shards written under `shard_header`: the whole plan, the
/// merge's command line, and the parameters re-read from the shards' effective scenario YAML.
[[nodiscard]] OutputHeader make_merged_header(const OutputHeader& shard_header, std::string command_line);
[[nodiscard]] OutputHeader make_sweep_header(const LoadedSweep& sweep, std::vector<engine::RunInfo> plan,
                                             std::string command_line, engine::Shard shard = {});

/// While it lives, no other returnsim process writes `output` (an advisory lock on OUTPUT.lock,
/// taken without waiting): two writers to one path cannot both succeed. Throws UsageError when
/// another process holds it.
class OutputLock {
 public:
  explicit OutputLock(std::string output);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

/// `path`, or UsageError when it exists and is not a regular file (a directory, a device): --force
/// must never replace those.
[[nodiscard]] std::string regular_output(std::string path);

class OutputFile final : public engine::RunSink {
 public:
  /// Opens the output for `header` (whose `fingerprint` identifies the sweep). Throws UsageError
  /// for an output path that is not a regular file (a directory, a device) even with --force, for
  /// an output another process is writing, for an existing output without --force, for a
  /// leftover journal without --resume or --force, and for a journal of another sweep; IoError
  /// when it cannot write.
  OutputFile(std::string path, const OutputHeader& header, const OutputOptions& options);
  ~OutputFile() override;

  /// done()[run index] is 1 for runs already in the file (replayed from the journal).
  [[nodiscard]] const std::vector<std::uint8_t>& done() const { return done_; }
  [[nodiscard]] std::size_t done_count() const;
  /// True when --resume found the output already finished: there is nothing to run or commit.
  [[nodiscard]] bool finished() const { return finished_; }

  /// Makes the run durable in the journal (sweeps), then writes it to the HDF5 file.
  void write(const engine::RunResult& run) override;
  /// Gives the file its final name (whole and durable), then deletes the journal.
  void commit();

 private:
  std::string path_;
  OutputLock lock_;
  std::optional<RunJournal> journal_;
  std::unique_ptr<H5Writer> writer_;
  std::vector<std::uint8_t> done_;
  bool finished_ = false;
};

}  // namespace returnsim::io
