#include "returnsim/io/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "returnsim/io/comparison.hpp"
#include "returnsim/io/sensitivity_output.hpp"

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

/// KPIs whose Sobol' indices the text summary shows (JSON and the file's group: every KPI).
const std::vector<std::string> kSensitivityKpis = {"return_rate", "forced_returns", "absconded_share",
                                                   "cost_per_return_eur"};

/// "0.31 ± 0.05"; "-" when there is no estimate.
std::string with_interval(double estimate, double conf) {
  if (std::isnan(estimate)) return "-";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%5.2f \u00b1 %.2f", estimate, conf);
  return buffer;
}

/// `text` left-aligned in `width` characters (UTF-8: "±" is one character, two bytes).
std::string padded(const std::string& text, std::size_t width) {
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80 ? 1 : 0;
  return text + std::string(width > characters ? width - characters : 0, ' ');
}

/// Per policy and main KPI, each factor's first-order and total Sobol' indices with their
/// bootstrap intervals (design sobol), and a warning where N is too small to tell a
/// non-negligible index from 0.
std::string sobol_section(const KpiTable& t) {
  const auto sensitivity = kpi_sensitivity(t, kSensitivityKpis);
  if (!sensitivity) return "\nSobol' indices: the file's samples are not a Saltelli design\n";
  const KpiSensitivity& s = *sensitivity;
  std::size_t width = 6;
  for (const auto& f : s.factors) width = std::max(width, f.size());
  std::string out;
  char line[512];
  for (std::size_t p = 0; p < s.policies.size(); ++p) {
    std::snprintf(line, sizeof line,
                  "\nSobol' indices, policy %s (N = %zu base samples; S1 first-order, ST total;\n"
                  "  value \u00b1 half-width of the %g%% bootstrap intervals, %d resamples, SALib's conventions)\n",
                  s.policies[p].c_str(), s.base_samples, 100 * s.confidence_level, s.resamples);
    out += line;
    std::vector<std::string> inconclusive;
    std::size_t not_negligible = 0;
    for (std::size_t k = 0; k < s.kpis.size(); ++k) {
      const auto& cell = s.cells[p][k];
      std::snprintf(line, sizeof line, "  %s\n    %-*s  %-16s %s\n", s.kpis[k].c_str(), static_cast<int>(width),
                    "factor", "S1", "ST");
      out += line;
      if (cell.missing_worlds > 0) {
        std::snprintf(line, sizeof line, "    (not computed: %zu of %zu sampled worlds have no completed run with a value)\n",
                      cell.missing_worlds, s.base_samples * (s.factors.size() + 2));
        out += line;
        continue;
      }
      if (std::isnan(cell.indices.variance) || cell.indices.variance == 0) {
        out += "    (no variance over the sampled worlds: nothing to share out)\n";
        continue;
      }
      for (std::size_t f = 0; f < s.factors.size(); ++f) {
        out += "    " + padded(s.factors[f], width) + "  " +
               padded(with_interval(cell.indices.first_order[f], cell.indices.first_order_conf[f]), 16) + " " +
               with_interval(cell.indices.total[f], cell.indices.total_conf[f]) + "\n";
      }
      for (const auto& index : inconclusive_indices(cell.indices, s.factors)) inconclusive.push_back(s.kpis[k] + ": " + index);
      for (std::size_t f = 0; f < s.factors.size(); ++f) {
        not_negligible += std::abs(cell.indices.first_order[f]) >= kNegligibleIndex ? 1 : 0;
        not_negligible += std::abs(cell.indices.total[f]) >= kNegligibleIndex ? 1 : 0;
      }
    }
    if (!inconclusive.empty()) {
      std::snprintf(line, sizeof line,
                    "  WARNING: N=%zu base samples is too small: %zu of %zu indices with |value| >= %.2f have a "
                    "%g%% interval that includes 0 (",
                    s.base_samples, inconclusive.size(), not_negligible, kNegligibleIndex, 100 * s.confidence_level);
      out += line;
      constexpr std::size_t kExamples = 3;
      for (std::size_t i = 0; i < std::min(kExamples, inconclusive.size()); ++i) out += (i ? "; " : "") + inconclusive[i];
      if (inconclusive.size() > kExamples) out += "; ...";
      out += "); raise uncertainties.samples\n";
    }
  }
  return out;
}

using RunIndex = std::map<std::tuple<std::string, long long, long long>, std::size_t>;

/// KPI `column` of `policy` minus the reference policy's, run by run, paired over (sample,
/// replication): the common random numbers.
std::vector<double> paired_differences(const KpiTable& t, const RunIndex& index, const std::string& policy,
                                       const std::string& reference, std::size_t column) {
  std::vector<double> differences;
  for (const auto& [key, r] : index) {
    if (std::get<0>(key) != policy) continue;
    const auto paired = index.find({reference, std::get<1>(key), std::get<2>(key)});
    if (paired != index.end()) differences.push_back(t.kpi[column][r] - t.kpi[column][paired->second]);
  }
  return differences;
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
  RunIndex index;
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
      out += row(t.kpi_names[k], paired_differences(t, index, policies[p], policies[0], k));
    }
  }
  if (t.design == "sobol") out += sobol_section(t);
  return out;
}

namespace {
/// Per policy (first appearance order) and KPI: the completed runs' values.
std::vector<std::pair<std::string, std::vector<std::vector<double>>>> kpis_by_policy(const KpiTable& t) {
  std::vector<std::pair<std::string, std::vector<std::vector<double>>>> out;
  for (std::size_t r = 0; r < t.policy.size(); ++r) {
    if (t.completed[r] == 0) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == t.policy[r]; });
    if (it == out.end()) {
      out.emplace_back(t.policy[r], std::vector<std::vector<double>>(t.kpi_names.size()));
      it = out.end() - 1;
    }
    for (std::size_t k = 0; k < t.kpi_names.size(); ++k) it->second[k].push_back(t.kpi[k][r]);
  }
  return out;
}

std::string plain(double v) {
  if (std::isnan(v)) return "";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}
}  // namespace

std::string format_kpi_csv(const KpiTable& t) {
  std::string out = "policy,kpi,runs,mean,p05,p95\n";
  for (const auto& [policy, values] : kpis_by_policy(t)) {
    for (std::size_t k = 0; k < t.kpi_names.size(); ++k) {
      out += (policy.find_first_of(",\"\n") == std::string::npos ? policy : json_quoted(policy)) + "," + t.kpi_names[k] + "," + std::to_string(values[k].size()) + "," + plain(mean(values[k])) + "," +
             plain(quantile(values[k], 0.05)) + "," + plain(quantile(values[k], 0.95)) + "\n";
    }
  }
  return out;
}

std::string format_kpi_json(const KpiTable& t, const std::string& path) {
  auto number = [](double v) { return std::isnan(v) ? std::string("null") : plain(v); };
  std::string out = "{\n  \"file\": " + json_quoted(path) + ",\n  \"policies\": [\n";
  const auto groups = kpis_by_policy(t);
  for (std::size_t p = 0; p < groups.size(); ++p) {
    out += "    {\"policy\": " + json_quoted(groups[p].first) + ", \"kpis\": {";
    for (std::size_t k = 0; k < t.kpi_names.size(); ++k) {
      const auto& v = groups[p].second[k];
      out += std::string(k ? ", " : "") + "\"" + t.kpi_names[k] + "\": {\"runs\": " + std::to_string(v.size()) +
             ", \"mean\": " + number(mean(v)) + ", \"p05\": " + number(quantile(v, 0.05)) + ", \"p95\": " +
             number(quantile(v, 0.95)) + "}";
    }
    out += "}}" + std::string(p + 1 < groups.size() ? "," : "") + "\n";
  }
  out += "  ],\n";
  // A sobol sweep's Sobol' indices of every KPI, with their intervals; null for other designs.
  const auto sensitivity = kpi_sensitivity(t, t.kpi_names);
  out += "  \"sensitivity\": " + (sensitivity ? format_sensitivity_json(*sensitivity, "  ") : std::string("null"));
  return out + "\n}\n";
}

}  // namespace returnsim::io
