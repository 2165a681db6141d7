#include "returnsim/io/output_file.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/io/yaml_tree.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "h5_file.hpp"
#include "returnsim/engine/run_codec.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/version.hpp"

namespace returnsim::io {
namespace fs = std::filesystem;

std::string this_build() { return std::string(kVersion) + " " + kSourceRevision; }

std::string sweep_fingerprint(const std::string& sweep_yaml, const std::string& base_yaml, const std::string& build) {
  std::uint64_t h = engine::fnv1a64(sweep_yaml);
  h = engine::fnv1a64(std::string_view("\0base\0", 6), h);
  h = engine::fnv1a64(base_yaml, h);
  h = engine::fnv1a64(std::string("\0build\0", 7) + build, h);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, h);
  return hex;
}

OutputHeader make_sweep_header(const LoadedSweep& loaded, std::vector<engine::RunInfo> plan,
                               std::string command_line, engine::Shard shard) {
  OutputHeader header =
      make_output_header(loaded.base.scenario, loaded.base.effective_yaml, std::move(plan), std::move(command_line));
  header.scenario_name = loaded.sweep.name;
  header.sweep_yaml = loaded.effective_yaml;
  header.design = scenario::design_name(loaded.sweep.uncertainties.design);
  header.fingerprint = sweep_fingerprint(loaded.effective_yaml, loaded.base.effective_yaml);
  header.fingerprint_build = this_build();
  header.shard = shard;
  for (const auto& f : loaded.sweep.uncertainties.factors) header.factor_paths.push_back(f.path);
  return header;
}

OutputHeader make_merged_header(const OutputHeader& shard_header, std::string command_line) {
  OutputHeader header = shard_header;
  header.shard = engine::Shard{};
  header.command_line = std::move(command_line);
  header.parameters = parameter_records(build_scenario(parse_yaml_text(header.effective_yaml, "scenario_yaml")).scenario);
  return header;
}

namespace {

/// The journal fingerprint: the sweep's, and which share of it this file holds.
std::uint64_t journal_fingerprint(const OutputHeader& header) {
  return engine::fnv1a64(header.fingerprint + " shard " + header.shard.label() + " runs " +
                         std::to_string(header.runs.size()));
}

/// True when `path` is a finished returnsim file of this sweep and shard.
bool is_finished_output(const std::string& path, const OutputHeader& header) {
  h5::silence_errors();
  h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0 || !h5::has_attribute(file, "sweep_fingerprint")) return false;
  const std::string shard = h5::has_attribute(file, "shard") ? h5::read_string_attribute(file, "shard") : "1/1";
  return h5::read_string_attribute(file, "sweep_fingerprint") == header.fingerprint && shard == header.shard.label();
}

}  // namespace

OutputLock::OutputLock(std::string output) : path_(std::move(output) + ".lock") {
  // The usual lock-file dance: a lock on a file that was unlinked meanwhile is no lock, so check
  // that the file locked is still the one under the name, else start again.
  for (int attempt = 0; attempt < 100; ++attempt) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw IoError("cannot create " + path_ + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      fd_ = -1;
      throw UsageError(path_.substr(0, path_.size() - 5) +
                       " is being written by another returnsim process; wait for it or write elsewhere");
    }
    struct stat held {}, named {};
    if (::fstat(fd_, &held) == 0 && ::stat(path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      return;
    }
    ::close(fd_);
    fd_ = -1;
  }
  throw IoError("cannot lock " + path_);
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // while still held: nobody can lock the old file and think it valid
  ::close(fd_);
}

std::string regular_output(std::string path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
    throw UsageError(path + " is not a regular file (a directory or a device); give the path of an output file");
  }
  return path;
}

OutputFile::OutputFile(std::string path, const OutputHeader& header, const OutputOptions& options)
    : path_(regular_output(std::move(path))), lock_(path_), done_(header.runs.size(), 0) {
  if (!options.journal) {
    writer_ = std::make_unique<H5Writer>(path_, header, options.overwrite);
    return;
  }
  const std::string journal_path = path_ + ".journal", partial_path = path_ + ".partial";
  const bool have_journal = fs::exists(journal_path), have_output = fs::exists(path_);
  if (options.resume && have_output && is_finished_output(path_, header)) {
    // Finished earlier; the process may have died between the rename and removing the journal.
    if (have_journal) RunJournal::reopen(journal_path, journal_fingerprint(header), [](engine::RunResult&&) {}).remove();
    finished_ = true;
    std::fill(done_.begin(), done_.end(), 1);
    return;
  }
  if (options.resume && have_journal) {
    const std::vector<char> in_shard = header.shard.members(header.runs);
    journal_.emplace(RunJournal::reopen(journal_path, journal_fingerprint(header), [&](engine::RunResult&& run) {
      if (!writer_) writer_ = std::make_unique<H5Writer>(path_, header, true, partial_path);
      if (run.info.index >= done_.size() || in_shard[run.info.index] == 0) {
        throw UsageError(journal_path + " holds run " + std::to_string(run.info.index) + ", which is not in this sweep");
      }
      if (done_[run.info.index] != 0) return;  // written twice before a crash: the same run
      writer_->write(run);
      done_[run.info.index] = 1;
    }));
    if (!writer_) writer_ = std::make_unique<H5Writer>(path_, header, true, partial_path);
    return;
  }
  if (have_output && !options.overwrite) {
    throw UsageError(path_ + " exists" + (options.resume ? " and is not a finished output of this sweep" : "") +
                     "; use --force to overwrite it");
  }
  if (have_journal && !options.overwrite && !options.resume) {
    throw UsageError(journal_path + " exists: a sweep writing " + path_ +
                     " was interrupted; add --resume to finish it, or --force to start over");
  }
  journal_.emplace(RunJournal::create(journal_path, journal_fingerprint(header)));
  writer_ = std::make_unique<H5Writer>(path_, header, true, partial_path);
}

OutputFile::~OutputFile() = default;

std::size_t OutputFile::done_count() const {
  std::size_t n = 0;
  for (auto d : done_) n += d;
  return n;
}

void OutputFile::write(const engine::RunResult& run) {
  if (journal_) journal_->append(run);
  writer_->write(run);
  done_.at(run.info.index) = 1;
}

void OutputFile::commit() {
  if (finished_) return;
  writer_->commit();
  if (journal_) journal_->remove();
}

}  // namespace returnsim::io
