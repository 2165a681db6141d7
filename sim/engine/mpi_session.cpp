#include "returnsim/engine/mpi_session.hpp"

#include <climits>
#include <cstdlib>

#include "returnsim/engine/run_codec.hpp"
#include "returnsim/util/errors.hpp"

#ifdef RETURNSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace returnsim::engine {

#ifdef RETURNSIM_HAVE_MPI
namespace {

constexpr int kRunTag = 17;

/// Started by an MPI launcher: OpenMPI's mpirun, a PMI (MPICH, Slurm srun) or PMIx launcher.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

void check(int status, const char* what) {
  if (status != MPI_SUCCESS) throw IoError(std::string("MPI: ") + what + " failed");
}

}  // namespace

bool MpiSession::available() { return true; }

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (initialised_) MPI_Finalize();
}

void MpiSession::broadcast(std::string& bytes) const {
  if (!distributed()) return;
  unsigned long long n = bytes.size();
  check(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
  if (n > INT_MAX) throw IoError("MPI: broadcast of more than 2 GiB");
  bytes.resize(n);
  check(MPI_Bcast(bytes.data(), static_cast<int>(n), MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
}

void MpiSession::send_run(const RunResult& run) const {
  const std::string bytes = encode_run(run);
  if (bytes.size() > INT_MAX) throw IoError("MPI: a run of more than 2 GiB cannot be sent");
  check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, kRunTag, MPI_COMM_WORLD), "MPI_Send");
}

std::optional<RunResult> MpiSession::try_receive_run() const {
  int arrived = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, kRunTag, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
  if (arrived == 0) return std::nullopt;
  int count = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
  std::string bytes(static_cast<std::size_t>(count), '\0');
  check(MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, kRunTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "MPI_Recv");
  return decode_run(bytes);
}

void MpiSession::abort(int code) const {
  if (initialised_) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

#else  // one process, no MPI in this build

bool MpiSession::available() { return false; }
MpiSession::MpiSession(int&, char**&) {}
MpiSession::~MpiSession() = default;
void MpiSession::broadcast(std::string&) const {}
void MpiSession::send_run(const RunResult&) const { throw ModelError("send_run without MPI"); }
std::optional<RunResult> MpiSession::try_receive_run() const { return std::nullopt; }
void MpiSession::abort(int code) const { std::_Exit(code); }

#endif

// Field by field, each its own collective: rank 0's status, message and done flags.
void MpiSession::broadcast(OpenOutcome& outcome) const {
  if (!distributed()) return;
  std::string status(1, static_cast<char>(outcome.status));
  broadcast(status);
  outcome.status = static_cast<OpenOutcome::Status>(status.at(0));
  broadcast(outcome.message);
  std::string done(outcome.done.begin(), outcome.done.end());
  broadcast(done);
  outcome.done.assign(done.begin(), done.end());
}

}  // namespace returnsim::engine
