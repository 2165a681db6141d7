#pragma once
/// @file
/// The MPI side of a sweep (SPEC §2): under `mpirun -n P` (or `srun`), every rank runs its share
/// of the plan and sends each finished run to rank 0, which alone writes the file, so that the
/// file is the one a single process writes. Built when OpenMPI is found (RETURNSIM_HAVE_MPI);
/// without it, or when the process was not started by an MPI launcher, the session has one rank
/// and MPI is never initialised. Only the thread that made the session calls MPI
/// (MPI_THREAD_FUNNELED): TBB workers never do.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "returnsim/engine/run_result.hpp"
#include "returnsim/engine/runner.hpp"

namespace returnsim::engine {

/// What rank 0 found when it opened the output, for every rank.
struct OpenOutcome {
  enum class Status : std::uint8_t { ready, finished, bad_input, failed };
  Status status = Status::ready;
  std::string message;             ///< bad_input, failed: the error
  std::vector<std::uint8_t> done;  ///< per run of the plan: 1 when the file holds it already
  [[nodiscard]] bool ok() const { return status == Status::ready || status == Status::finished; }
  /// An output opened: finished already, or ready with its `done` flags.
  [[nodiscard]] static OpenOutcome opened(bool finished, std::vector<std::uint8_t> done = {}) {
    return {finished ? Status::finished : Status::ready, "", std::move(done)};
  }
};

class MpiSession {
 public:
  /// Initialises MPI when an MPI launcher started this process; otherwise one rank, no MPI.
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] bool distributed() const { return size_ > 1; }
  /// True when this build has MPI support.
  [[nodiscard]] static bool available();

  /// Rank 0's `bytes` replace every other rank's (collective).
  void broadcast(std::string& bytes) const;
  /// Rank 0's outcome replaces every other rank's (collective).
  void broadcast(OpenOutcome& outcome) const;
  /// Sends a finished run to rank 0 (blocking until the send buffer is free).
  void send_run(const RunResult& run) const;
  /// Rank 0: a run another rank sent, if one has arrived (non-blocking).
  [[nodiscard]] std::optional<RunResult> try_receive_run() const;
  /// Ends every rank at once with `code` (a failure on one rank must not leave the others waiting).
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  [[maybe_unused]] bool initialised_ = false;  // read only when built with MPI
};

/// A sink that sends every run to rank 0 (the sink of ranks other than 0).
class SendToWriter final : public RunSink {
 public:
  explicit SendToWriter(const MpiSession& session) : session_(session) {}
  void write(const RunResult& run) override { session_.send_run(run); }

 private:
  const MpiSession& session_;
};

}  // namespace returnsim::engine
