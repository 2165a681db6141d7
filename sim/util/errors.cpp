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
std::string join_problems(const std::vector<InputProblem>& problems, std::size_t omitted) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "\n";
    out += p.to_string();
  }
  if (omitted > 0) out += "\n(and " + std::to_string(omitted) + " more)";
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<InputProblem> problems, std::size_t omitted)
    : Error(join_problems(problems, omitted)), problems_(std::move(problems)), omitted_(omitted) {}

}  // namespace returnsim
