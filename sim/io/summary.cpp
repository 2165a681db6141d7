#include "returnsim/io/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace returnsim::io {

double quantile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

namespace {

double mean(const std::vector<double>& values) {
  double sum = 0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

std::string row(const std::string& name, const std::vector<double>& values) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "  %-24s %14.4g %14.4g %14.4g\n", name.c_str(), mean(values),
                quantile(values, 0.05), quantile(values, 0.95));
  return buffer;
}

std::string header_row(const char* first) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "  %-24s %14s %14s %14s\n", first, "mean", "5%", "95%");
  return buffer;
}

}  // namespace

std::string format_summary(const KpiTable& t, const std::string& path) {
  const std::size_t runs = t.policy.size();
  std::size_t completed = 0;
  std::vector<std::string> policies;  // in order of first appearance
  for (std::size_t r = 0; r < runs; ++r) {
    if (t.completed[r] != 0) ++completed;
    if (std::find(policies.begin(), policies.end(), t.policy[r]) == policies.end()) policies.push_back(t.policy[r]);
  }
  std::string out = "returnsim summary of " + path;
  if (!t.scenario_name.empty()) out += " (scenario " + t.scenario_name + ")";
  out.append("\n").append(std::to_string(completed)).append(" of ").append(std::to_string(runs));
  out += " runs completed";
  out += completed < runs ? "; incomplete runs are left out\n" : "\n";

  // (policy, sample, replication) -> run
  std::map<std::tuple<std::string, long long, long long>, std::size_t> index;
  for (std::size_t r = 0; r < runs; ++r) {
    if (t.completed[r] != 0) index[{t.policy[r], t.sample[r], t.replication[r]}] = r;
  }
  for (const auto& policy : policies) {
    std::vector<std::size_t> members;
    for (std::size_t r = 0; r < runs; ++r) {
      if (t.completed[r] != 0 && t.policy[r] == policy) members.push_back(r);
    }
    out += "\npolicy " + policy + " (" + std::to_string(members.size()) + " runs)\n";
    out += header_row("KPI");
    for (std::size_t k = 0; k < t.kpi_names.size(); ++k) {
      std::vector<double> values;
      for (std::size_t r : members) values.push_back(t.kpi[k][r]);
      out += row(t.kpi_names[k], values);
    }
  }
  for (std::size_t p = 1; p < policies.size(); ++p) {
    out += "\npaired difference " + policies[p] + " - " + policies[0] + "\n";
    out += header_row("KPI");
    for (std::size_t k = 0; k < t.kpi_names.size(); ++k) {
      std::vector<double> differences;
      for (const auto& [key, r] : index) {
        if (std::get<0>(key) != policies[p]) continue;
        auto reference = index.find({policies[0], std::get<1>(key), std::get<2>(key)});
        if (reference != index.end()) differences.push_back(t.kpi[k][r] - t.kpi[k][reference->second]);
      }
      out += row(t.kpi_names[k], differences);
    }
  }
  return out;
}

}  // namespace returnsim::io
