#include "returnsim/scenario/scenario.hpp"
#include "returnsim/scenario/sweep.hpp"

#include <cctype>
#include <cstdio>

namespace returnsim::scenario {

bool is_valid_start_month(const std::string& text) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  return month >= 1 && month <= 12;
}

std::string month_label(const std::string& start, int month) {
  const int year0 = std::stoi(start.substr(0, 4));
  const int month0 = std::stoi(start.substr(5, 2)) - 1;
  const int total = year0 * 12 + month0 + month;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", total / 12, total % 12 + 1);
  return buffer;
}

const char* design_name(Design design) {
  switch (design) {
    case Design::none: return "none";
    case Design::grid: return "grid";
    case Design::lhs: return "lhs";
    case Design::sobol: return "sobol";
  }
  return "none";
}

}  // namespace returnsim::scenario
