#include "returnsim/io/run_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "returnsim/engine/run_codec.hpp"
#include "returnsim/util/errors.hpp"

namespace returnsim::io {
namespace {

constexpr RecordJournal::Magic kRunMagic = {'R', 'S', 'J', 'O', 'U', 'R', 'N', '3'};
constexpr std::size_t kHeaderBytes = 8 + 8;  // magic, fingerprint
constexpr std::size_t kFrameBytes = 16;                  // payload length, payload checksum

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw IoError(what + " " + path + ": " + std::strerror(errno));
}

void write_all(int fd, const char* data, std::size_t n, const std::string& path) {
  while (n > 0) {
    const ssize_t written = ::write(fd, data, n);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path);
    }
    data += written;
    n -= static_cast<std::size_t>(written);
  }
}

/// Reads up to n bytes; fewer only at the end of the file.
std::size_t read_up_to(int fd, char* data, std::size_t n, const std::string& path) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, data + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      fail("cannot read", path);
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

/// Byte planes of 4-byte words (HDF5's shuffle filter): the series are mostly small int32
/// counts, whose high bytes are zero; grouped together they deflate several times better.
constexpr std::size_t kWordBytes = 4;

std::string shuffled(const std::string& raw) {
  std::string out(raw.size(), '\0');
  const std::size_t words = raw.size() / kWordBytes;
  for (std::size_t b = 0; b < kWordBytes; ++b) {
    for (std::size_t w = 0; w < words; ++w) out[b * words + w] = raw[w * kWordBytes + b];
  }
  std::copy(raw.begin() + static_cast<std::ptrdiff_t>(words * kWordBytes), raw.end(),
            out.begin() + static_cast<std::ptrdiff_t>(words * kWordBytes));  // the tail as is
  return out;
}

std::string unshuffled(const std::string& planes) {
  std::string out(planes.size(), '\0');
  const std::size_t words = planes.size() / kWordBytes;
  for (std::size_t b = 0; b < kWordBytes; ++b) {
    for (std::size_t w = 0; w < words; ++w) out[w * kWordBytes + b] = planes[b * words + w];
  }
  std::copy(planes.begin() + static_cast<std::ptrdiff_t>(words * kWordBytes), planes.end(),
            out.begin() + static_cast<std::ptrdiff_t>(words * kWordBytes));
  return out;
}

/// A run's record payload: its encoded size, then the encoding shuffled and deflated at level 1
/// (the HDF5 file's chunks at 4): it is compressed on the writer's thread, which shares the cores
/// with the runs, and level 4 took twice the time for records 12% smaller (docs/sweeps.md).
std::string compress_run(const engine::RunResult& run) {
  const std::string raw = shuffled(engine::encode_run(run));
  uLongf size = compressBound(raw.size());
  std::string out(8 + size, '\0');
  const std::uint64_t raw_size = raw.size();
  std::memcpy(out.data(), &raw_size, 8);
  if (compress2(reinterpret_cast<Bytef*>(out.data() + 8), &size, reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                1) != Z_OK) {
    throw IoError("cannot compress a run for the journal");
  }
  out.resize(8 + size);
  return out;
}

/// The run in a payload whose checksum matched; IoError when it does not inflate to a run.
engine::RunResult decompress_run(const std::string& payload) {
  if (payload.size() < 8) throw IoError("short journal record");
  std::uint64_t raw_size = 0;
  std::memcpy(&raw_size, payload.data(), 8);
  if (raw_size > (payload.size() - 8) * 1100 + 4096) throw IoError("implausible journal record");  // deflate's ratio is < 1032
  std::string raw(raw_size, '\0');
  uLongf size = raw_size;
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &size, reinterpret_cast<const Bytef*>(payload.data() + 8),
                 payload.size() - 8) != Z_OK ||
      size != raw_size) {
    throw IoError("journal record does not inflate");
  }
  return engine::decode_run(unshuffled(raw));
}

int open_locked(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot open", path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    throw UsageError(path + " is in use by another returnsim process writing the same output");
  }
  return fd;
}

void sync_directory_of(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = std::filesystem::current_path();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open directory", dir.string());
  const int status = ::fsync(fd);
  ::close(fd);
  if (status != 0) fail("cannot sync directory", dir.string());
}

}  // namespace

void sync_file_and_directory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("cannot open", path);
  const int status = ::fsync(fd);
  ::close(fd);
  if (status != 0) fail("cannot sync", path);
  sync_directory_of(path);
}

RecordJournal RecordJournal::create(const std::string& path, const Magic& magic, std::uint64_t fingerprint) {
  // Lock before truncating: a journal in use by another process is never clobbered.
  const int fd = open_locked(path, O_RDWR | O_CREAT);
  RecordJournal journal(path, fd);
  if (::ftruncate(fd, 0) != 0) fail("cannot truncate", path);
  char header[kHeaderBytes];
  std::memcpy(header, magic.data(), magic.size());
  std::memcpy(header + magic.size(), &fingerprint, 8);
  write_all(fd, header, sizeof header, path);
  if (::fsync(fd) != 0) fail("cannot sync", path);
  sync_directory_of(path);
  return journal;
}

RecordJournal RecordJournal::reopen(const std::string& path, const Magic& magic, std::uint64_t fingerprint,
                                    const std::function<bool(std::string&&)>& replay, std::string_view kind) {
  const int fd = open_locked(path, O_RDWR);
  RecordJournal journal(path, fd);
  char header[kHeaderBytes];
  if (read_up_to(fd, header, sizeof header, path) != sizeof header ||
      std::memcmp(header, magic.data(), magic.size()) != 0) {
    throw UsageError(path + " is not a returnsim journal of this kind; remove it, or run again with --force to start over");
  }
  std::uint64_t recorded = 0;
  std::memcpy(&recorded, header + magic.size(), 8);
  if (recorded != fingerprint) {
    throw UsageError(path + " belongs to a different " + std::string(kind) +
                     " definition (or another returnsim build): its records cannot be resumed with this " +
                     std::string(kind) + " file; run with --force to start over");
  }
  off_t good_end = static_cast<off_t>(sizeof header);
  std::string payload;
  for (;;) {
    char frame[kFrameBytes];
    if (read_up_to(fd, frame, sizeof frame, path) != sizeof frame) break;
    std::uint64_t length = 0, checksum = 0;
    std::memcpy(&length, frame, 8);
    std::memcpy(&checksum, frame + 8, 8);
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail("cannot stat", path);
    if (length > static_cast<std::uint64_t>(st.st_size - good_end)) break;  // torn: shorter than it says
    payload.resize(length);
    if (read_up_to(fd, payload.data(), length, path) != length) break;
    if (engine::fnv1a64(payload) != checksum) break;  // torn or overwritten
    if (!replay(std::move(payload))) break;
    payload = std::string();
    good_end += static_cast<off_t>(sizeof frame + length);
  }
  // Cut what follows the last intact record, and append after it.
  if (::ftruncate(fd, good_end) != 0) fail("cannot truncate", path);
  if (::lseek(fd, good_end, SEEK_SET) < 0) fail("cannot seek in", path);
  if (::fsync(fd) != 0) fail("cannot sync", path);
  return journal;
}

RecordJournal::RecordJournal(RecordJournal&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

RecordJournal::~RecordJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void RecordJournal::append(std::string_view payload) {
  std::string record(kFrameBytes, '\0');
  record += payload;
  const std::uint64_t length = payload.size();
  const std::uint64_t checksum = engine::fnv1a64(payload);
  std::memcpy(record.data(), &length, 8);
  std::memcpy(record.data() + 8, &checksum, 8);
  write_all(fd_, record.data(), record.size(), path_);
  if (::fdatasync(fd_) != 0) fail("cannot sync", path_);
}

void RecordJournal::remove() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  std::error_code ec;
  std::filesystem::remove(path_, ec);
  if (ec) throw IoError("cannot remove " + path_ + ": " + ec.message());
}

RunJournal RunJournal::create(const std::string& path, std::uint64_t fingerprint) {
  return RunJournal(RecordJournal::create(path, kRunMagic, fingerprint));
}

RunJournal RunJournal::reopen(const std::string& path, std::uint64_t fingerprint,
                              const std::function<void(engine::RunResult&&)>& replay) {
  return RunJournal(RecordJournal::reopen(path, kRunMagic, fingerprint, [&](std::string&& payload) {
    engine::RunResult run;
    try {
      run = decompress_run(payload);
    } catch (const IoError&) {
      return false;  // checksummed but unreadable: cut here
    }
    replay(std::move(run));
    return true;
  }, "sweep"));
}

void RunJournal::append(const engine::RunResult& run) { records_.append(compress_run(run)); }

}  // namespace returnsim::io
