#pragma once
/// @file
/// The exception hierarchy. `main` maps ScenarioError/UsageError to exit code 2 and every other
/// Error to exit code 1; nothing below `main` calls exit().
#include <stdexcept>
#include <string>
#include <vector>

namespace returnsim {

/// Root of every error returnsim throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Wrong use of the command line (exit code 2).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// Reading or writing a file failed (exit code 1).
class IoError : public Error {
 public:
  using Error::Error;
};

/// The model reached a state it must never reach (exit code 1): a bug, not bad input.
class ModelError : public Error {
 public:
  using Error::Error;
};

/// One problem found in an input file, with where it is.
struct InputProblem {
  std::string file;      ///< path as the user gave it (or as resolved through `extends`)
  int line = 0;          ///< 1-based; 0 when unknown
  int column = 0;        ///< 1-based; 0 when unknown
  std::string key_path;  ///< e.g. "routes[3].recognition_rate"; empty for file-level problems
  std::string message;   ///< what is wrong and what was expected

  /// "file:line:col: key_path: message"
  [[nodiscard]] std::string to_string() const;
};

/// Every problem found in a scenario or sweep file (exit code 2).
class ScenarioError : public Error {
 public:
  /// `omitted`: problems found beyond those listed (a file wrong throughout lists the first 100).
  explicit ScenarioError(std::vector<InputProblem> problems, std::size_t omitted = 0);
  [[nodiscard]] const std::vector<InputProblem>& problems() const noexcept { return problems_; }
  [[nodiscard]] std::size_t omitted() const noexcept { return omitted_; }

 private:
  std::vector<InputProblem> problems_;
  std::size_t omitted_ = 0;
};

}  // namespace returnsim
