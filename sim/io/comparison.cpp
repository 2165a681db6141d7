#include "returnsim/io/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "returnsim/io/h5_reader.hpp"
#include "returnsim/io/summary.hpp"
#include "returnsim/io/yaml_tree.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Bootstrap resamples of the confidence intervals (2,000: the 2.5% and 97.5% percentiles are
/// then stable to about 1% of the interval's width).
constexpr int kResamples = 2000;
constexpr std::uint64_t kBootstrapSeed = 0xB0075742A9ULL;

}  // namespace

ComparisonData read_comparison_data(const std::string& path) {
  ComparisonData d;
  d.path = path;
  std::unique_ptr<OutputReader> reader;
  try {
    reader = std::make_unique<OutputReader>(path);
  } catch (const IoError& e) {
    throw UsageError(std::string(e.what()) + " (expected the output of returnsim run or sweep)");
  }
  const OutputHeader& h = reader->header();
  d.scenario_name = h.scenario_name;
  d.design = h.design;
  d.sweep_yaml = h.sweep_yaml;
  d.scenario_yaml = h.effective_yaml;
  d.command_line = h.command_line;
  d.origins = h.origin_ids;
  d.states = h.member_state_ids;
  d.month_labels = h.month_labels;
  d.factor_paths = h.factor_paths;
  d.planned_runs = h.runs.size();
  const std::size_t months = d.month_labels.size(), origins = d.origins.size(), states = d.states.size();
  // Files written before instruments were costed have no instrument_cost_eur: their cost is 0.
  const bool has_instrument_costs = reader->has_variable("instrument_cost_eur");
  for (const auto& info : h.runs) {
    if (std::find(d.policies.begin(), d.policies.end(), info.policy) == d.policies.end()) d.policies.push_back(info.policy);
  }
  for (std::size_t i = 0; i < h.runs.size(); ++i) {
    if (reader->completed()[i] == 0) continue;
    const auto& info = h.runs[i];
    ComparisonRun run;
    run.policy = info.policy;
    run.sample = info.sample;
    run.replication = info.replication;
    run.factors = info.factors;
    run.origin_returns.assign(origins, 0.0);
    run.origin_orders.assign(origins, 0.0);
    run.state_returns.assign(states, 0.0);
    run.state_orders.assign(states, 0.0);
    run.month_returns.assign(months, 0.0);
    run.month_orders.assign(months, 0.0);
    const auto voluntary = reader->read_pair_series("returns_voluntary", i);
    const auto forced = reader->read_pair_series("returns_forced", i);
    const auto orders = reader->read_pair_series("orders_to_leave", i);
    for (std::size_t t = 0; t < months; ++t) {
      for (std::size_t o = 0; o < origins; ++o) {
        for (std::size_t st = 0; st < states; ++st) {
          const std::size_t at = (t * origins + o) * states + st;
          const double returned = static_cast<double>(voluntary[at]) + forced[at];
          run.origin_returns[o] += returned;
          run.origin_orders[o] += orders[at];
          run.state_returns[st] += returned;
          run.state_orders[st] += orders[at];
          run.month_returns[t] += returned;
          run.month_orders[t] += orders[at];
        }
      }
      run.returns += run.month_returns[t];
      run.orders += run.month_orders[t];
    }
    for (double c : reader->read_state_series("cost_eur", i)) run.cost_eur += c;
    if (has_instrument_costs) {
      for (double c : reader->read_state_series("instrument_cost_eur", i)) run.cost_eur += c;
    }
    d.runs.push_back(std::move(run));
  }
  if (d.design == "sobol") {
    reader.reset();
    const KpiTable table = read_kpi_table(path);
    d.sensitivity = kpi_sensitivity(table, table.kpi_names);
  }
  return d;
}

namespace {

/// Pairs of (world, replication) -> value, for one policy.
using Values = std::map<std::pair<long long, long long>, double>;

/// Paired differences grouped by world: worlds[w] = the differences of its replications.
std::vector<std::vector<double>> paired_by_world(const Values& policy, const Values& reference) {
  std::map<long long, std::vector<double>> worlds;
  for (const auto& [key, value] : policy) {
    const auto it = reference.find(key);
    if (it != reference.end() && !std::isnan(value) && !std::isnan(it->second)) worlds[key.first].push_back(value - it->second);
  }
  std::vector<std::vector<double>> out;
  for (auto& [w, values] : worlds) out.push_back(std::move(values));
  return out;
}

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? kNaN : sum / static_cast<double>(v.size());
}

/// The two-stage bootstrap of the mean of grouped values (worlds, then replications within each
/// drawn world) for a statistic of (numerator sums, denominator sums): returns the resampled
/// statistics. With `denominators` empty the statistic is the mean of the values.
std::vector<double> bootstrap(const std::vector<std::vector<double>>& numerators,
                              const std::vector<std::vector<double>>& denominators, std::uint64_t stream) {
  std::vector<double> out;
  if (numerators.empty()) return out;
  const std::size_t worlds = numerators.size();
  for (int b = 0; b < kResamples; ++b) {
    const EntityDraws draws(derive_run_seed(kBootstrapSeed, stream), entity_id(EntitySpace::global, static_cast<std::uint64_t>(b)), 0);
    std::uint32_t k = 0;
    double num = 0, den = 0;
    std::size_t count = 0;
    for (std::size_t w = 0; w < worlds; ++w) {
      const auto world = static_cast<std::size_t>(draws.uniform(Purpose::design_sampling, k++) * static_cast<double>(worlds));
      const auto& values = numerators[std::min(world, worlds - 1)];
      for (std::size_t r = 0; r < values.size(); ++r) {
        const auto pick = std::min(values.size() - 1,
                                   static_cast<std::size_t>(draws.uniform(Purpose::design_sampling, k++) *
                                                            static_cast<double>(values.size())));
        num += values[pick];
        den += denominators.empty() ? 1.0 : denominators[std::min(world, worlds - 1)][pick];
        ++count;
      }
    }
    out.push_back(den != 0 ? num / den : kNaN);
  }
  return out;
}

Estimate estimate(const std::vector<std::vector<double>>& by_world, std::uint64_t stream, double scale = 1.0) {
  Estimate e;
  std::vector<double> all, world_means;
  for (const auto& w : by_world) {
    all.insert(all.end(), w.begin(), w.end());
    world_means.push_back(mean_of(w));
  }
  e.worlds = by_world.size();
  e.pairs = all.size();
  e.mean = scale * mean_of(all);
  const auto resampled = bootstrap(by_world, {}, stream);
  e.ci_low = scale * quantile(resampled, 0.025);
  e.ci_high = scale * quantile(resampled, 0.975);
  e.spread_low = scale * quantile(world_means, 0.05);
  e.spread_high = scale * quantile(world_means, 0.95);
  return e;
}

/// What a policy's overrides name: origins and member states (a coalition's members for its
/// name), "*" for all of them. The Art. 25a cycle can reach every visa-required origin: "*".
void reach_of(const ComparisonData& d, const std::string& policy, std::vector<std::string>& origins,
              std::vector<std::string>& states) {
  if (d.sweep_yaml.empty()) return;
  YamlValue sweep, scenario;
  try {
    sweep = parse_yaml_text(d.sweep_yaml, "sweep_yaml");
    if (!d.scenario_yaml.empty()) scenario = parse_yaml_text(d.scenario_yaml, "scenario_yaml");
  } catch (const ScenarioError&) {
    return;
  }
  std::map<std::string, std::vector<std::string>> coalitions;
  if (const YamlValue* p = scenario.is_map() ? scenario.find("policies") : nullptr; p != nullptr && p->is_map()) {
    if (const YamlValue* list = p->find("coalitions"); list != nullptr && list->is_sequence()) {
      for (const auto& c : list->items) {
        const YamlValue* name = c.is_map() ? c.find("name") : nullptr;
        const YamlValue* members = c.is_map() ? c.find("members") : nullptr;
        if (name == nullptr || members == nullptr || !members->is_sequence()) continue;
        for (const auto& m : members->items) coalitions[name->scalar].push_back(m.scalar);
      }
    }
  }
  const YamlValue* policies = sweep.is_map() ? sweep.find("policies") : nullptr;
  if (policies == nullptr || !policies->is_sequence()) return;
  std::set<std::string> o, s;
  for (const auto& item : policies->items) {
    const YamlValue* name = item.is_map() ? item.find("name") : nullptr;
    const YamlValue* set = item.is_map() ? item.find("set") : nullptr;
    if (name == nullptr || name->scalar != policy || set == nullptr || !set->is_map()) continue;
    for (const auto& entry : set->entries) {
      const std::string& path = entry.key;
      if (path.rfind("policies.visa_leverage", 0) == 0) o.insert("*");
      if (path.rfind("member_states.*", 0) == 0) s.insert("*");
      if (path.rfind("origin_countries.*", 0) == 0) o.insert("*");
      // Ids appear as path segments and inside compound keys (MA:partnership, Benelux:DZ).
      std::string token;
      for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i < path.size() && path[i] != '.' && path[i] != ':') {
          token += path[i];
          continue;
        }
        if (std::find(d.origins.begin(), d.origins.end(), token) != d.origins.end()) o.insert(token);
        if (std::find(d.states.begin(), d.states.end(), token) != d.states.end()) s.insert(token);
        if (const auto c = coalitions.find(token); c != coalitions.end()) s.insert(c->second.begin(), c->second.end());
        token.clear();
      }
    }
  }
  origins.assign(o.begin(), o.end());
  states.assign(s.begin(), s.end());
}

}  // namespace

Comparison compare_policies(const ComparisonData& d, const std::string& by) {
  if (d.policies.size() < 2) throw UsageError(d.path + " holds one policy: there is nothing to compare");
  if (!by.empty() && by != "origin" && by != "member_state") {
    throw UsageError("--by takes origin or member_state, not '" + by + "'");
  }
  Comparison c;
  c.data = &d;
  c.by = by;
  c.bootstrap_resamples = kResamples;
  const std::string& reference = d.policies.front();
  std::set<long long> worlds, replications;
  for (const auto& r : d.runs) {
    worlds.insert(r.sample);
    replications.insert(r.replication);
  }
  c.worlds = worlds.size();
  c.replications = replications.size();

  auto values_of = [&](const std::string& policy, auto&& f) {
    Values v;
    for (const auto& r : d.runs) {
      if (r.policy == policy) v[{r.sample, r.replication}] = f(r);
    }
    return v;
  };
  auto rate = [](double returns, double orders) { return orders > 0 ? returns / orders : kNaN; };
  // Return rate of each policy in each world (mean over its replications), for robustness.
  std::map<std::string, std::map<long long, double>> world_rate;
  for (const auto& policy : d.policies) {
    std::map<long long, std::vector<double>> rates;
    for (const auto& r : d.runs) {
      if (r.policy == policy) rates[r.sample].push_back(rate(r.returns, r.orders));
    }
    for (auto& [w, v] : rates) world_rate[policy][w] = mean_of(v);
  }
  std::uint64_t stream = 0;
  const Values reference_rate = values_of(reference, [&](const ComparisonRun& r) { return rate(r.returns, r.orders); });
  const Values reference_returns = values_of(reference, [](const ComparisonRun& r) { return r.returns; });
  const Values reference_cost = values_of(reference, [](const ComparisonRun& r) { return r.cost_eur; });
  const std::size_t months = d.month_labels.size();
  for (const auto& policy : d.policies) {
    PolicyComparison p;
    p.policy = policy;
    for (const auto& r : d.runs) p.runs += r.policy == policy ? 1 : 0;
    const auto gains = paired_by_world(values_of(policy, [&](const ComparisonRun& r) { return rate(r.returns, r.orders); }),
                                       reference_rate);
    p.gain_pp = estimate(gains, ++stream, 100.0);
    const auto extra_returns = paired_by_world(values_of(policy, [](const ComparisonRun& r) { return r.returns; }),
                                               reference_returns);
    p.extra_returns = estimate(extra_returns, ++stream);
    const auto extra_cost =
        paired_by_world(values_of(policy, [](const ComparisonRun& r) { return r.cost_eur; }), reference_cost);
    p.extra_cost_eur = estimate(extra_cost, ++stream);
    // Cost per extra return: the ratio of the means, its interval from the same resampling of
    // both; undefined where the extra returns' interval includes zero.
    if (policy != reference && p.extra_returns.ci_low > 0) {
      Estimate ratio;
      ratio.worlds = p.extra_returns.worlds;
      ratio.pairs = p.extra_returns.pairs;
      ratio.mean = p.extra_cost_eur.mean / p.extra_returns.mean;
      const auto resampled = bootstrap(extra_cost, extra_returns, ++stream);
      ratio.ci_low = quantile(resampled, 0.025);
      ratio.ci_high = quantile(resampled, 0.975);
      std::vector<double> per_world;
      for (std::size_t w = 0; w < extra_cost.size(); ++w) {
        const double returns = mean_of(extra_returns[w]);
        per_world.push_back(returns > 0 ? mean_of(extra_cost[w]) / returns : kNaN);
      }
      ratio.spread_low = quantile(per_world, 0.05);
      ratio.spread_high = quantile(per_world, 0.95);
      p.cost_per_extra_return_eur = ratio;
    }
    // The gain in the return rate accumulated since month 0, month by month; the time to effect
    // is the first month from which its interval excludes zero for good.
    std::vector<double> cum_returns_ref, cum_orders_ref;
    for (std::size_t t = 0; t < months; ++t) {
      const auto cumulative = [&, t](const ComparisonRun& r) {
        double returns = 0, orders = 0;
        for (std::size_t m = 0; m <= t; ++m) {
          returns += r.month_returns[m];
          orders += r.month_orders[m];
        }
        return rate(returns, orders);
      };
      const auto by_month = paired_by_world(values_of(policy, cumulative), values_of(reference, cumulative));
      p.gain_by_month_pp.push_back(estimate(by_month, ++stream, 100.0));
    }
    if (policy != reference) {
      for (std::size_t t = months; t-- > 0;) {
        const Estimate& e = p.gain_by_month_pp[t];
        const bool excludes = e.ci_low > 0 || e.ci_high < 0;
        if (!excludes) break;
        p.time_to_effect_month = static_cast<int>(t);
      }
      if (p.time_to_effect_month) p.time_to_effect_label = d.month_labels[static_cast<std::size_t>(*p.time_to_effect_month)];
    }
    // Robustness over worlds.
    std::size_t best = 0, counted = 0;
    double regret_sum = 0, regret_max = 0;
    for (const auto& [w, own] : world_rate[policy]) {
      double top = -1;
      std::string top_policy;
      for (const auto& other : d.policies) {
        const auto it = world_rate[other].find(w);
        if (it != world_rate[other].end() && it->second > top) {
          top = it->second;
          top_policy = other;
        }
      }
      ++counted;
      if (top_policy == policy) ++best;
      const double regret = 100.0 * (top - own);
      regret_sum += regret;
      regret_max = std::max(regret_max, regret);
    }
    p.share_best = counted > 0 ? static_cast<double>(best) / static_cast<double>(counted) : kNaN;
    p.regret_mean_pp = counted > 0 ? regret_sum / static_cast<double>(counted) : kNaN;
    p.regret_max_pp = regret_max;
    reach_of(d, policy, p.reach_origins, p.reach_states);
    c.policies.push_back(std::move(p));

    if (by.empty() || policy == reference) continue;
    const bool by_origin = by == "origin";
    const auto& entities = by_origin ? d.origins : d.states;
    const auto& reach = by_origin ? c.policies.back().reach_origins : c.policies.back().reach_states;
    for (std::size_t e = 0; e < entities.size(); ++e) {
      auto entity_rate = [&, e](const ComparisonRun& r) {
        return by_origin ? rate(r.origin_returns[e], r.origin_orders[e]) : rate(r.state_returns[e], r.state_orders[e]);
      };
      auto entity_returns = [&, e](const ComparisonRun& r) { return by_origin ? r.origin_returns[e] : r.state_returns[e]; };
      EntityGain g;
      g.policy = policy;
      g.entity = entities[e];
      g.in_reach = std::find(reach.begin(), reach.end(), entities[e]) != reach.end() ||
                   std::find(reach.begin(), reach.end(), "*") != reach.end();
      std::vector<double> base;
      for (const auto& [key, value] : values_of(reference, entity_rate)) base.push_back(value);
      g.reference_rate = mean_of(base);
      g.gain_pp = estimate(paired_by_world(values_of(policy, entity_rate), values_of(reference, entity_rate)), ++stream, 100.0);
      g.extra_returns =
          estimate(paired_by_world(values_of(policy, entity_returns), values_of(reference, entity_returns)), ++stream);
      c.by_entity.push_back(std::move(g));
    }
  }
  std::stable_sort(c.policies.begin(), c.policies.end(), [](const PolicyComparison& a, const PolicyComparison& b) {
    return (std::isnan(a.gain_pp.mean) ? -1e300 : a.gain_pp.mean) > (std::isnan(b.gain_pp.mean) ? -1e300 : b.gain_pp.mean);
  });
  return c;
}

// --- formats --------------------------------------------------------------------------------

namespace {

std::string number(double v, const char* format = "%.6g") {
  if (std::isnan(v)) return "null";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

std::string csv_number(double v, const char* format = "%.6g") { return std::isnan(v) ? "" : number(v, format); }

}  // namespace

std::string json_quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", ch);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

namespace {

std::string json_string(const std::string& s) { return json_quoted(s); }

std::string json_estimate(const Estimate& e) {
  return "{\"mean\": " + number(e.mean) + ", \"ci95_low\": " + number(e.ci_low) + ", \"ci95_high\": " +
         number(e.ci_high) + ", \"worlds_p05\": " + number(e.spread_low) + ", \"worlds_p95\": " +
         number(e.spread_high) + ", \"worlds\": " + std::to_string(e.worlds) + ", \"pairs\": " + std::to_string(e.pairs) + "}";
}

std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + json_string(v[i]);
  return out + "]";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string joined(const std::vector<std::string>& v, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? separator : "") + v[i];
  return out;
}

std::string interval_text(const Estimate& e, const char* format) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, format, e.ci_low, e.ci_high);
  return buffer;
}

}  // namespace

std::string format_comparison_text(const Comparison& c) {
  const ComparisonData& d = *c.data;
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "comparison of %s (%s): %zu policies, %zu worlds x %zu replications, %zu of %zu runs completed\n"
                "gain in return rate over %s, percentage points, paired over common random numbers.\n"
                "  CI 95%%: confidence interval of the mean gain (bootstrap over worlds, then replications; %d resamples)\n"
                "  worlds 5-95%%: spread of the worlds' mean gains (what the sampled uncertainty allows)\n\n",
                d.path.c_str(), d.scenario_name.c_str(), d.policies.size(), c.worlds, c.replications, d.runs.size(),
                d.planned_runs, d.policies.front().c_str(), c.bootstrap_resamples);
  out += line;
  std::snprintf(line, sizeof line, "  %-4s %-20s %8s %17s %17s %12s %15s %9s %8s %15s\n", "rank", "policy", "gain",
                "CI 95%", "worlds 5-95%", "extra ret.", "EUR/extra ret.", "effect", "best in", "regret mean/max");
  out += line;
  for (std::size_t i = 0; i < c.policies.size(); ++i) {
    const auto& p = c.policies[i];
    const bool reference = p.policy == d.policies.front();
    char ci[40], spread[40], cost[40], effect[16], best[16], regret[32];
    std::snprintf(ci, sizeof ci, "%+.2f..%+.2f", p.gain_pp.ci_low, p.gain_pp.ci_high);
    std::snprintf(spread, sizeof spread, "%+.2f..%+.2f", p.gain_pp.spread_low, p.gain_pp.spread_high);
    if (p.cost_per_extra_return_eur) {
      std::snprintf(cost, sizeof cost, "%.0f", p.cost_per_extra_return_eur->mean);
    } else {
      std::snprintf(cost, sizeof cost, "%s", reference ? "-" : "n/a");
    }
    std::snprintf(effect, sizeof effect, "%s",
                  reference ? "-" : (p.time_to_effect_month ? p.time_to_effect_label.c_str() : "none"));
    std::snprintf(best, sizeof best, "%.0f%%", 100 * p.share_best);
    std::snprintf(regret, sizeof regret, "%.2f/%.2f", p.regret_mean_pp, p.regret_max_pp);
    std::snprintf(line, sizeof line, "  %-4zu %-20s %+8.2f %17s %17s %+12.0f %15s %9s %8s %15s\n", i + 1,
                  p.policy.c_str(), p.gain_pp.mean, reference ? "-" : ci, reference ? "-" : spread,
                  p.extra_returns.mean, cost, effect, best, regret);
    out += line;
  }
  out += "\n  EUR/extra ret.: extra cost (operations and instruments) / extra returns over the horizon (n/a: the\n"
         "  extra returns' interval includes 0); effect: first month from which the gain accumulated since\n"
         "  the start stays outside zero (CI 95%); best in: share of worlds where the policy has the highest\n"
         "  return rate; regret: the best policy's rate minus its own, per world (points).\n";
  if (!c.by.empty()) {
    const bool by_origin = c.by == "origin";
    out += std::string("\ngain by ") + (by_origin ? "origin" : "member state") +
           " (percentage points of its return rate; * = named by the policy's overrides)\n";
    std::snprintf(line, sizeof line, "  %-20s %-8s %9s %8s %17s %17s %12s\n", "policy", by_origin ? "origin" : "state",
                  "base rate", "gain", "CI 95%", "worlds 5-95%", "extra ret.");
    out += line;
    for (const auto& g : c.by_entity) {
      char spread[40];
      std::snprintf(spread, sizeof spread, "%+.2f..%+.2f", g.gain_pp.spread_low, g.gain_pp.spread_high);
      std::snprintf(line, sizeof line, "  %-20s %-8s %8.1f%% %+8.2f %17s %17s %+12.0f\n", g.policy.c_str(),
                    (g.entity + (g.in_reach ? " *" : "")).c_str(), 100 * g.reference_rate, g.gain_pp.mean,
                    interval_text(g.gain_pp, "%+.2f..%+.2f").c_str(), spread, g.extra_returns.mean);
      out += line;
    }
  }
  return out;
}

std::string format_comparison_csv(const Comparison& c) {
  std::string out;
  if (c.by.empty()) {
    out = "rank,policy,runs,worlds,gain_pp,gain_ci95_low,gain_ci95_high,gain_worlds_p05,gain_worlds_p95,extra_returns,"
          "extra_returns_ci95_low,extra_returns_ci95_high,extra_cost_eur,cost_per_extra_return_eur,"
          "cost_per_extra_return_ci95_low,cost_per_extra_return_ci95_high,time_to_effect_month,time_to_effect,"
          "share_worlds_best,regret_mean_pp,regret_max_pp,reach_origins,reach_member_states\n";
    for (std::size_t i = 0; i < c.policies.size(); ++i) {
      const auto& p = c.policies[i];
      const auto& cost = p.cost_per_extra_return_eur;
      out += std::to_string(i + 1) + "," + csv_field(p.policy) + "," + std::to_string(p.runs) + "," +
             std::to_string(p.gain_pp.worlds) + "," + csv_number(p.gain_pp.mean) + "," + csv_number(p.gain_pp.ci_low) +
             "," + csv_number(p.gain_pp.ci_high) + "," + csv_number(p.gain_pp.spread_low) + "," +
             csv_number(p.gain_pp.spread_high) + "," + csv_number(p.extra_returns.mean) + "," +
             csv_number(p.extra_returns.ci_low) + "," + csv_number(p.extra_returns.ci_high) + "," +
             csv_number(p.extra_cost_eur.mean) + "," + (cost ? csv_number(cost->mean) : "") + "," +
             (cost ? csv_number(cost->ci_low) : "") + "," + (cost ? csv_number(cost->ci_high) : "") + "," +
             (p.time_to_effect_month ? std::to_string(*p.time_to_effect_month) : "") + "," + p.time_to_effect_label +
             "," + csv_number(p.share_best) + "," + csv_number(p.regret_mean_pp) + "," + csv_number(p.regret_max_pp) +
             "," + csv_field(joined(p.reach_origins, " ")) + "," + csv_field(joined(p.reach_states, " ")) + "\n";
    }
    return out;
  }
  out = "policy," + c.by + ",in_reach,reference_rate,gain_pp,gain_ci95_low,gain_ci95_high,gain_worlds_p05,"
        "gain_worlds_p95,extra_returns,extra_returns_ci95_low,extra_returns_ci95_high,worlds,pairs\n";
  for (const auto& g : c.by_entity) {
    out += csv_field(g.policy) + "," + csv_field(g.entity) + "," + (g.in_reach ? "1" : "0") + "," +
           csv_number(g.reference_rate) + "," + csv_number(g.gain_pp.mean) + "," + csv_number(g.gain_pp.ci_low) + "," +
           csv_number(g.gain_pp.ci_high) + "," + csv_number(g.gain_pp.spread_low) + "," +
           csv_number(g.gain_pp.spread_high) + "," + csv_number(g.extra_returns.mean) + "," +
           csv_number(g.extra_returns.ci_low) + "," + csv_number(g.extra_returns.ci_high) + "," +
           std::to_string(g.gain_pp.worlds) + "," + std::to_string(g.gain_pp.pairs) + "\n";
  }
  return out;
}

std::string format_comparison_json(const Comparison& c) {
  const ComparisonData& d = *c.data;
  std::string out = "{\n";
  out += "  \"file\": " + json_string(d.path) + ",\n";
  out += "  \"scenario\": " + json_string(d.scenario_name) + ",\n";
  out += "  \"design\": " + json_string(d.design) + ",\n";
  out += "  \"command_line\": " + json_string(d.command_line) + ",\n";
  out += "  \"reference\": " + json_string(d.policies.front()) + ",\n";
  out += "  \"runs_completed\": " + std::to_string(d.runs.size()) + ", \"runs_planned\": " + std::to_string(d.planned_runs) +
         ",\n";
  out += "  \"worlds\": " + std::to_string(c.worlds) + ", \"replications\": " + std::to_string(c.replications) +
         ", \"bootstrap_resamples\": " + std::to_string(c.bootstrap_resamples) + ",\n";
  out += "  \"factor_paths\": " + json_list(d.factor_paths) + ",\n";
  out += "  \"month_labels\": " + json_list(d.month_labels) + ",\n";
  out += "  \"units\": {\"gain\": \"percentage points of the return rate\", \"extra_returns\": \"people over the horizon\", "
         "\"extra_cost\": \"EUR over the horizon\", \"cost_per_extra_return\": \"EUR per return\"},\n";
  out += "  \"policies\": [\n";
  for (std::size_t i = 0; i < c.policies.size(); ++i) {
    const auto& p = c.policies[i];
    out += "    {\"rank\": " + std::to_string(i + 1) + ", \"policy\": " + json_string(p.policy) +
           ", \"runs\": " + std::to_string(p.runs) + ",\n";
    out += "     \"gain\": " + json_estimate(p.gain_pp) + ",\n";
    out += "     \"extra_returns\": " + json_estimate(p.extra_returns) + ",\n";
    out += "     \"extra_cost_eur\": " + json_estimate(p.extra_cost_eur) + ",\n";
    out += "     \"cost_per_extra_return_eur\": " +
           (p.cost_per_extra_return_eur ? json_estimate(*p.cost_per_extra_return_eur) : std::string("null")) + ",\n";
    out += "     \"time_to_effect_month\": " +
           (p.time_to_effect_month ? std::to_string(*p.time_to_effect_month) : std::string("null")) +
           ", \"time_to_effect\": " + (p.time_to_effect_month ? json_string(p.time_to_effect_label) : std::string("null")) +
           ",\n";
    out += "     \"share_worlds_best\": " + number(p.share_best) + ", \"regret_mean_pp\": " + number(p.regret_mean_pp) +
           ", \"regret_max_pp\": " + number(p.regret_max_pp) + ",\n";
    out += "     \"reach_origins\": " + json_list(p.reach_origins) + ", \"reach_member_states\": " +
           json_list(p.reach_states) + ",\n";
    out += "     \"gain_by_month\": [";
    for (std::size_t t = 0; t < p.gain_by_month_pp.size(); ++t) {
      const auto& e = p.gain_by_month_pp[t];
      out += std::string(t ? ", " : "") + "[" + number(e.mean) + ", " + number(e.ci_low) + ", " + number(e.ci_high) + "]";
    }
    out += "]}" + std::string(i + 1 < c.policies.size() ? "," : "") + "\n";
  }
  out += "  ],\n";
  out += "  \"by\": " + (c.by.empty() ? std::string("null") : json_string(c.by)) + ",\n";
  out += "  \"by_entity\": [\n";
  for (std::size_t i = 0; i < c.by_entity.size(); ++i) {
    const auto& g = c.by_entity[i];
    out += "    {\"policy\": " + json_string(g.policy) + ", \"entity\": " + json_string(g.entity) +
           ", \"in_reach\": " + (g.in_reach ? "true" : "false") + ", \"reference_rate\": " + number(g.reference_rate) +
           ", \"gain\": " + json_estimate(g.gain_pp) + ", \"extra_returns\": " + json_estimate(g.extra_returns) + "}" +
           (i + 1 < c.by_entity.size() ? "," : "") + "\n";
  }
  out += "  ],\n";
  out += "  \"sensitivity\": " + (d.sensitivity ? format_sensitivity_json(*d.sensitivity, "  ") : std::string("null"));
  out += "\n}\n";
  return out;
}

}  // namespace returnsim::io
