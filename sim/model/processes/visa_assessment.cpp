#include "returnsim/model/processes/visa_assessment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "returnsim/model/processes/policy_clock.hpp"
#include "returnsim/model/processes/statistics.hpp"

namespace returnsim::model::processes {

namespace {
std::size_t window_months(const scenario::VisaLeverage& v) { return static_cast<std::size_t>(std::max(1, v.window_months)); }
}  // namespace

void record_assessment_window(World& w, const MonthCounts& counts, double agent_scale, std::uint32_t month) {
  const scenario::Scenario& s = *w.scenario;
  if (!s.policies.visa_leverage.enabled) return;  // nobody reads the window
  const std::size_t months = window_months(s.policies.visa_leverage);
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    AssessmentWindow figures;
    for (std::size_t st = 0; st < w.state_count; ++st) {
      const std::size_t p = w.pair(o, st);
      const auto& ms = s.member_states[st];
      const double returns = counts.at(PairSeries::returns_voluntary, p) + counts.at(PairSeries::returns_forced, p);
      figures.recorded_orders += recorded_orders(ms, agent_scale * counts.at(PairSeries::orders_to_leave, p));
      figures.recorded_returns += recorded_returns(ms, agent_scale * returns);
      figures.identified += agent_scale * counts.at(PairSeries::identified, p);
      figures.closed_requests += agent_scale * (counts.at(PairSeries::identified, p) +
                                                counts.at(PairSeries::identification_refused, p) +
                                                counts.at(PairSeries::identification_withdrawn, p));
      figures.documents += agent_scale * counts.at(PairSeries::travel_documents_issued, p);
    }
    w.policy.recorded_months[o * months + month % months] = figures;
  }
}

AssessmentWindow window_total(const World& w, std::size_t o) {
  const std::size_t months = window_months(w.scenario->policies.visa_leverage);
  AssessmentWindow total;
  for (std::size_t k = 0; k < months; ++k) total += w.policy.recorded_months[o * months + k];
  return total;
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
  if (win.closed_requests > 0) { sum += std::min(1.0, win.documents / win.closed_requests); ++n; }
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
  const std::int32_t decision = static_cast<std::int32_t>(month) + std::max(1, v.decision_lag_months);
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
  const auto event = [&](std::size_t o, PolicyEventKind kind, std::int8_t level, double value) {
    p.events.push_back({month, static_cast<std::uint32_t>(o), -1, kind, level, value});
  };
  const auto propose = [&](std::size_t o, std::int8_t proposed) {
    p.pending_level[o] = proposed;
    p.decision_month[o] = decision;
    event(o, PolicyEventKind::proposed, proposed, none);
  };
  const auto withdraw = [&](std::size_t o) {
    event(o, PolicyEventKind::withdrawn, p.pending_level[o], none);
    p.pending_level[o] = 0;
  };
  const auto ease_to = [&](std::size_t o, std::int8_t to) { ease_visa_measures(w, o, to, month); };

  struct Wanted {
    double priority;
    std::size_t origin;
    std::int8_t level;
  };
  std::vector<Wanted> wanted;
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    const auto& origin = s.origin_countries[o];
    if (!origin.visa_required) continue;
    const AssessmentWindow win = window_total(w, o);
    const double score = assessment_score(win);
    if (std::isnan(score)) continue;  // nothing recorded: nothing to assess
    const std::int8_t cls = assessment_class_of(v, score);
    p.assessment_class[o] = cls;
    event(o, PolicyEventKind::assessed, cls, score);

    std::int8_t& level = p.visa_level[o];
    std::int8_t& pending = p.pending_level[o];
    std::int32_t& streak = p.recovered_streak[o];
    streak = cls == assessment::insufficient ? 0 : streak + 1;
    if (cls == assessment::insufficient) {
      if (level < 0) ease_to(o, 0);  // positive measures end
      if (pending < 0) withdraw(o);
      const auto next = static_cast<std::int8_t>(level >= 1 ? std::min<int>(level + 1, v.max_level) : 1);
      // No proposal where forced return cannot happen at all (Syria; no relations:
      // docs/sources.md#S-nl-letter-2024-01).
      if (next > level && pending != next && w.forced_return_possible[o] != 0) {
        wanted.push_back({win.recorded_orders * origin.visa_sensitivity, o, next});
      }
      continue;
    }
    if (pending > 0) withdraw(o);
    const std::int8_t before = level;
    if (level >= 1 && streak >= v.sustained_assessments) {
      ease_to(o, static_cast<std::int8_t>(level - 1));
      streak = 0;  // easing again needs another sustained recovery
    }
    if (cls == assessment::good) {
      if (v.positive_measures && before == 0 && pending == 0) propose(o, -1);
    } else {
      if (level < 0) ease_to(o, 0);
      if (pending < 0) withdraw(o);
    }
  }
  // The Commission proposes few at a time: the highest priorities first (ties: origin order).
  std::stable_sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) { return a.priority > b.priority; });
  const std::size_t proposals = std::min(wanted.size(), static_cast<std::size_t>(std::max(0, v.max_new_proposals)));
  for (std::size_t k = 0; k < proposals; ++k) {
    if (p.pending_level[wanted[k].origin] != 0) withdraw(wanted[k].origin);  // replaced by the escalation
    propose(wanted[k].origin, wanted[k].level);
  }
}

}  // namespace returnsim::model::processes
