#include "returnsim/scenario/scenario.hpp"
#include "returnsim/scenario/calibration.hpp"
#include "returnsim/scenario/sweep.hpp"

#include <cctype>
#include <cstdio>

#include "returnsim/util/errors.hpp"

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

int months_between(const std::string& start, const std::string& date) {
  auto index = [](const std::string& text) { return std::stoi(text.substr(0, 4)) * 12 + std::stoi(text.substr(5, 2)) - 1; };
  return index(date) - index(start);
}

void require_same_graph(const Scenario& a, const Scenario& b) {
  bool same = a.member_states.size() == b.member_states.size() &&
              a.origin_countries.size() == b.origin_countries.size() && a.routes.size() == b.routes.size();
  for (std::size_t i = 0; same && i < a.member_states.size(); ++i) same = a.member_states[i].id == b.member_states[i].id;
  for (std::size_t i = 0; same && i < a.origin_countries.size(); ++i) {
    same = a.origin_countries[i].id == b.origin_countries[i].id;
  }
  for (std::size_t i = 0; same && i < a.routes.size(); ++i) {
    same = a.routes[i].origin_index == b.routes[i].origin_index &&
           a.routes[i].member_state_index == b.routes[i].member_state_index;
  }
  if (!same) {
    throw ModelError("the burn-in scenario and the run scenario differ in their member states, origins or routes");
  }
}

std::int8_t visa_level_value(VisaLevel level) noexcept {
  switch (level) {
    case VisaLevel::none: return 0;
    case VisaLevel::restrictive: return 1;
    case VisaLevel::escalated: return 2;
    case VisaLevel::positive: return -1;
  }
  return 0;
}

const char* prior_name(Prior prior) {
  switch (prior) {
    case Prior::uniform: return "uniform";
    case Prior::loguniform: return "loguniform";
    case Prior::normal: return "normal";
  }
  return "uniform";
}

const char* design_name(Design design) {
  switch (design) {
    case Design::none: return "none";
    case Design::grid: return "grid";
    case Design::lhs: return "lhs";
    case Design::sobol: return "sobol";
    case Design::posterior: return "posterior";
  }
  return "none";
}

}  // namespace returnsim::scenario
