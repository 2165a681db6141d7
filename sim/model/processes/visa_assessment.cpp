#include "returnsim/model/processes/visa_assessment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "returnsim/model/processes/statistics.hpp"

namespace returnsim::model::processes {

void record_assessment_window(World& w, const MonthCounts& counts, double agent_scale) {
  const scenario::Scenario& s = *w.scenario;
  if (!s.policies.visa_leverage.enabled) return;  // nobody reads the window
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    AssessmentWindow& win = w.policy.window[o];
    for (std::size_t st = 0; st < w.state_count; ++st) {
      const std::size_t p = w.pair(o, st);
      const auto& ms = s.member_states[st];
      const double returns = counts.at(PairSeries::returns_voluntary, p) + counts.at(PairSeries::returns_forced, p);
      win.recorded_orders += recorded_orders(ms, agent_scale * counts.at(PairSeries::orders_to_leave, p));
      win.recorded_returns += recorded_returns(ms, agent_scale * returns);
      win.identified += agent_scale * counts.at(PairSeries::identified, p);
      win.closed_requests += agent_scale * (counts.at(PairSeries::identified, p) +
                                            counts.at(PairSeries::identification_refused, p) +
                                            counts.at(PairSeries::identification_withdrawn, p));
      win.documents += agent_scale * counts.at(PairSeries::travel_documents_issued, p);
    }
  }
}

bool is_assessment_month(const scenario::VisaLeverage& v, std::uint32_t month) noexcept {
  const long long done = static_cast<long long>(month) + 1;  // months of data at the end of `month`
  return done >= v.first_assessment_month && (done - v.first_assessment_month) % v.assessment_interval_months == 0;
}

double assessment_score(const AssessmentWindow& win) noexcept {
  double sum = 0.0;
  int n = 0;
  if (win.recorded_orders > 0) { sum += std::min(1.0, win.recorded_returns / win.recorded_orders); ++n; }
  if (win.closed_requests > 0) { sum += win.identified / win.closed_requests; ++n; }
  if (win.identified > 0) { sum += std::min(1.0, win.documents / win.identified); ++n; }
  return n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

std::int8_t assessment_class_of(const scenario::VisaLeverage& v, double score) noexcept {
  if (score >= v.good_threshold) return assessment::good;
  if (score < v.insufficient_threshold) return assessment::insufficient;
  return assessment::average;
}

void assess_visa_cooperation(World& w, std::uint32_t month) {
  const scenario::Scenario& s = *w.scenario;
  const scenario::VisaLeverage& v = s.policies.visa_leverage;
  PolicyState& p = w.policy;
  if (!v.enabled || !is_assessment_month(v, month)) return;
  const auto m = static_cast<std::int32_t>(month);
  const std::int32_t decision = m + std::max(1, v.decision_lag_months);
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    const auto origin = static_cast<std::uint32_t>(o);
    AssessmentWindow win = p.window[o];
    p.window[o] = AssessmentWindow{};
    if (!s.origin_countries[o].visa_required) continue;
    const double score = assessment_score(win);
    if (std::isnan(score)) continue;  // nothing recorded: nothing to assess
    const std::int8_t cls = assessment_class_of(v, score);
    p.assessment_class[o] = cls;
    p.events.push_back({month, origin, -1, PolicyEventKind::assessed, cls, score});

    std::int8_t& level = p.visa_level[o];
    std::int8_t& pending = p.pending_level[o];
    auto propose = [&](std::int8_t proposed) {
      pending = proposed;
      p.decision_month[o] = decision;
      p.events.push_back({month, origin, -1, PolicyEventKind::proposed, proposed, none});
    };
    auto withdraw = [&] {
      p.events.push_back({month, origin, -1, PolicyEventKind::withdrawn, pending, none});
      pending = 0;
    };
    auto ease_to = [&](std::int8_t to) {
      level = to;
      p.events.push_back({month, origin, -1, PolicyEventKind::lifted, level, none});
    };

    std::int32_t& streak = p.recovered_streak[o];
    streak = cls == assessment::insufficient ? 0 : streak + 1;
    if (cls == assessment::insufficient) {
      if (level < 0) ease_to(0);  // positive measures end
      const auto wanted = static_cast<std::int8_t>(level >= 1 ? std::min<int>(level + 1, v.max_level) : 1);
      if (wanted > level && pending != wanted) {
        if (pending != 0) withdraw();
        propose(wanted);
      }
      continue;
    }
    if (pending > 0) withdraw();
    const std::int8_t before = level;
    if (level >= 1 && streak >= v.sustained_assessments) {
      ease_to(static_cast<std::int8_t>(level - 1));
      streak = 0;  // easing again needs another sustained recovery
    }
    if (cls == assessment::good) {
      if (v.positive_measures && before == 0 && pending == 0) propose(-1);
    } else {
      if (level < 0) ease_to(0);
      if (pending < 0) withdraw();
    }
  }
}

}  // namespace returnsim::model::processes
