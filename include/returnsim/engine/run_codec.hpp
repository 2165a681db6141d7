#pragma once
/// @file
/// The binary form of a finished run, for the crash journal (io/run_journal.hpp) and for runs sent
/// from MPI worker ranks to the writing rank. Both ends are the same build on the same kind of
/// machine (the journal records the build; MPI ranks run one binary), so numbers are stored in
/// host byte order. decode_run checks every length against the bytes it has: a torn or foreign
/// record is an IoError, never an out-of-bounds read.
#include <cstdint>
#include <string>
#include <string_view>

#include "returnsim/engine/run_result.hpp"

namespace returnsim::engine {

/// Appends the run's bytes to `out`.
void encode_run(const RunResult& run, std::string& out);
[[nodiscard]] std::string encode_run(const RunResult& run);

/// Throws IoError when `bytes` is not exactly one encoded run.
[[nodiscard]] RunResult decode_run(std::string_view bytes);

/// FNV-1a, 64 bit: a checksum for journal records and a fingerprint of sweep definitions.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = 0xcbf29ce484222325ULL);

}  // namespace returnsim::engine
