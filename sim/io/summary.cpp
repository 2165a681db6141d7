#include "returnsim/io/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "returnsim/engine/sensitivity.hpp"
#include "returnsim/io/comparison.hpp"

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

/// KPIs whose Sobol' indices the summary shows.
constexpr const char* kSensitivityKpis[] = {"return_rate", "forced_returns", "absconded_share", "cost_per_return_eur"};

/// First-order and total Sobol' indices per factor of the main KPIs, per policy, from the mean
/// over replications of each sampled world (design sobol).
std::string sobol_section(const KpiTable& t, const std::vector<std::string>& policies) {
  const std::size_t k = t.factor_paths.size();
  long long worlds = 0;
  for (auto s : t.sample) worlds = std::max(worlds, s + 1);
  if (k == 0 || worlds == 0 || static_cast<std::size_t>(worlds) % (k + 2) != 0) {
    return "\nSobol' indices: the file's samples are not a Saltelli design\n";
  }
  std::string out;
  for (const auto& policy : policies) {
    char line[200];
    std::snprintf(line, sizeof line, "\nSobol' indices, policy %s (N = %lld base samples; S1 first-order, ST total)\n",
                  policy.c_str(), worlds / static_cast<long long>(k + 2));
    out += line;
    std::snprintf(line, sizeof line, "  %-40s", "factor");
    out += line;
    for (const char* kpi : kSensitivityKpis) {
      std::snprintf(line, sizeof line, " %21s", kpi);
      out += line;
    }
    out += "\n";
    std::vector<engine::SobolIndices> indices;
    bool complete = true;
    for (const char* kpi : kSensitivityKpis) {
      const auto column = std::find(t.kpi_names.begin(), t.kpi_names.end(), kpi) - t.kpi_names.begin();
      std::vector<double> sum(static_cast<std::size_t>(worlds), 0.0), count(static_cast<std::size_t>(worlds), 0.0);
      for (std::size_t r = 0; r < t.policy.size(); ++r) {
        const double v = t.kpi[static_cast<std::size_t>(column)][r];
        if (t.completed[r] == 0 || t.policy[r] != policy || std::isnan(v)) continue;
        sum[static_cast<std::size_t>(t.sample[r])] += v;
        count[static_cast<std::size_t>(t.sample[r])] += 1;
      }
      for (std::size_t w = 0; w < sum.size(); ++w) {
        if (count[w] == 0) complete = false;
        sum[w] = count[w] > 0 ? sum[w] / count[w] : 0.0;
      }
      indices.push_back(engine::sobol_indices(sum, k));
    }
    if (!complete) {
      out += "  (not every sampled world has a completed run: indices left out)\n";
      continue;
    }
    for (std::size_t f = 0; f < k; ++f) {
      std::snprintf(line, sizeof line, "  %-40s", t.factor_paths[f].c_str());
      out += line;
      for (const auto& index : indices) {
        std::snprintf(line, sizeof line, "  S1 %6.3f  ST %6.3f", index.first_order[f], index.total[f]);
        out += line;
      }
      out += "\n";
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
  if (t.design == "sobol") out += sobol_section(t, policies);
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
  return out + "  ]\n}\n";
}

}  // namespace returnsim::io
