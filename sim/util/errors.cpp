#include "returnsim/util/errors.hpp"

namespace returnsim {

std::string InputProblem::to_string() const {
  // Built with append: GCC 12 warns falsely (-Wrestrict) on chains of operator+ here.
  std::string out;
  out.append(file);
  if (line > 0) {
    out.append(":").append(std::to_string(line));
    if (column > 0) out.append(":").append(std::to_string(column));
  }
  out.append(": ");
  if (!key_path.empty()) out.append(key_path).append(": ");
  out.append(message);
  return out;
}

namespace {
std::string join_problems(const std::vector<InputProblem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "\n";
    out += p.to_string();
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<InputProblem> problems)
    : Error(join_problems(problems)), problems_(std::move(problems)) {}

}  // namespace returnsim
