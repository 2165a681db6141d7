#include "returnsim/engine/run_result.hpp"

#include <limits>

#include "returnsim/model/month.hpp"

namespace returnsim::engine {

const std::vector<OutputVariable>& pair_series_variables() {
  using model::PairSeries;
  constexpr Dims d = Dims::run_month_origin_state;
  constexpr std::string_view flow = "people per month";
  static const std::vector<OutputVariable> v = {
      {"arrivals", d, flow, "asylum applications lodged, first and after re-migration", PairSeries::arrivals},
      {"orders_to_leave", d, flow,
       "orders to leave issued: after a rejected application, a first apprehension in irregular stay or a "
       "re-apprehension (true count, Eurostat migr_eiord)",
       PairSeries::orders_to_leave},
      {"returns_voluntary", d, flow, "voluntary departures to the origin country", PairSeries::returns_voluntary},
      {"returns_forced", d, flow, "forced removals to the origin country", PairSeries::returns_forced},
      {"absconded", d, flow, "people with an order to leave who left supervision", PairSeries::absconded},
      {"subsequent_applications", d, flow, "subsequent applications lodged (removal suspended)",
       PairSeries::subsequent_applications},
      {"identification_requests", d, flow,
       "identification requests sent to the origin (cases taken up by casework)", PairSeries::identification_requests},
      {"identified", d, flow, "identification requests answered positively", PairSeries::identified},
      {"identification_refused", d, flow,
       "identification requests answered negatively (the case goes back to casework)",
       PairSeries::identification_refused},
      {"identification_withdrawn", d, flow,
       "identification requests withdrawn after request_expiry_months without reply",
       PairSeries::identification_withdrawn},
      {"travel_documents_issued", d, flow, "laissez-passers (travel documents) issued by the origin",
       PairSeries::travel_documents_issued},
      {"stock_order_to_leave", d, "people", "people holding an order to leave in the state at the end of the month",
       PairSeries::stock_order_to_leave},
      {"in_detention", d, "people", "people in detention at the end of the month", PairSeries::in_detention},
      {"remigrations", d, flow, "returned people who migrated again (included in arrivals)", PairSeries::remigrations},
      {"irregular_apprehensions", d, flow,
       "people found in irregular stay for the first time and ordered to leave (included in orders_to_leave)",
       PairSeries::irregular_apprehensions},
      {"reapprehensions", d, flow,
       "absconded people apprehended again and given a new order (included in orders_to_leave)",
       PairSeries::reapprehensions},
      {"removals_failed", d, flow, "removal attempts that failed (no-show, resistance, refusal at arrival)",
       PairSeries::removals_failed},
      {"onward_departures", d, flow, "absconded people who left the EU unrecorded (not returns)",
       PairSeries::onward_departures},
      {"regularisations", d, flow, "absconded people who obtained a residence right", PairSeries::regularisations},
      {"stock_absconded", d, "people", "absconded people in the state at the end of the month",
       PairSeries::stock_absconded},
  };
  return v;
}

const std::vector<OutputVariable>& other_variables() {
  static const std::vector<OutputVariable> v = {
      {"cooperation", Dims::run_month_origin_state, "share 0..1",
       "cooperation of the origin with this member state: chance an identification request succeeds"},
      {"cooperation_index", Dims::run_month_origin, "share 0..1",
       "mean pair cooperation of the origin over the member states it has routes to"},
      {"visa_measure_level", Dims::run_month_origin, "level",
       "Art. 25a visa measures in force: 0 none, 1 restrictive, 2 escalated, -1 positive"},
      {"assessment_class", Dims::run_month_origin, "class",
       "latest Art. 25a class: -1 not assessed, 0 insufficient, 1 average, 2 good"},
      {"cost_eur", Dims::run_month_state, "EUR per month",
       "return costs: removals, voluntary returns with support, detention, casework"},
      {"recorded_orders_to_leave", Dims::run_month_state, "people per month",
       "orders to leave as the member state records them (registration practice)"},
      {"recorded_returns", Dims::run_month_state, "people per month",
       "returns as the member state records them (registration practice)"},
      {"instrument_cost_eur", Dims::run_month, "EUR per month",
       "cost of the rewards in force, all actors: partnerships, development aid, trade preferences, visa "
       "facilitation (costs.*_eur_per_month x actor weight x intensity)"},
      {"return_rate", Dims::run, "share", "returns / orders to leave over the horizon (true counts)"},
      {"voluntary_share", Dims::run, "share", "voluntary returns / all returns"},
      {"forced_returns", Dims::run, "people", "forced returns over the horizon"},
      {"voluntary_returns", Dims::run, "people", "voluntary returns over the horizon"},
      {"absconded_share", Dims::run, "share",
       "absconded / (absconded + returned): share of closed cases that absconded"},
      {"mean_months_to_return", Dims::run, "months", "mean months from the order to leave to the return"},
      {"cost_per_return_eur", Dims::run, "EUR per return",
       "all return costs (cost_eur and instrument_cost_eur) / all returns"},
      {"recorded_return_rate", Dims::run, "share", "recorded returns / recorded orders to leave"},
  };
  return v;
}

const std::array<std::string_view, kKpiCount>& kpi_names() {
  static const std::array<std::string_view, kKpiCount> names = {
      "return_rate",           "voluntary_share",     "forced_returns",      "voluntary_returns",
      "absconded_share",       "mean_months_to_return", "cost_per_return_eur", "recorded_return_rate"};
  return names;
}

std::array<double, kKpiCount> kpi_values(const Kpis& k) {
  return {k.return_rate,     k.voluntary_share,       k.forced_returns,      k.voluntary_returns,
          k.absconded_share, k.mean_months_to_return, k.cost_per_return_eur, k.recorded_return_rate};
}

Kpis kpis_from_values(const std::array<double, kKpiCount>& v) {
  Kpis k;
  k.return_rate = v[0];
  k.voluntary_share = v[1];
  k.forced_returns = v[2];
  k.voluntary_returns = v[3];
  k.absconded_share = v[4];
  k.mean_months_to_return = v[5];
  k.cost_per_return_eur = v[6];
  k.recorded_return_rate = v[7];
  return k;
}

RunRecorder::RunRecorder(RunInfo info, std::size_t months, std::size_t origins, std::size_t states) {
  result_.info = std::move(info);
  result_.months = months;
  result_.origins = origins;
  result_.states = states;
  const std::size_t pairs = months * origins * states;
  result_.pair_series.assign(pair_series_variables().size(), std::vector<std::int32_t>(pairs, 0));
  result_.cooperation.assign(pairs, 0.0f);
  result_.cooperation_index.assign(months * origins, 0.0f);
  result_.visa_measure_level.assign(months * origins, 0);
  result_.assessment_class.assign(months * origins, -1);
  result_.cost_eur.assign(months * states, 0.0);
  result_.recorded_orders_to_leave.assign(months * states, 0.0);
  result_.recorded_returns.assign(months * states, 0.0);
  result_.instrument_cost_eur.assign(months, 0.0);
}

void RunRecorder::on_month(const MonthReport& report) {
  const std::size_t t = report.month;
  if (t >= result_.months) return;
  const model::World& w = report.world;
  const std::size_t pairs = w.pair_count();
  const double scale = report.agent_scale;
  const auto& variables = pair_series_variables();
  for (std::size_t v = 0; v < variables.size(); ++v) {
    std::int32_t* out = result_.pair_series[v].data() + t * pairs;
    for (std::size_t p = 0; p < pairs; ++p) {
      out[p] = static_cast<std::int32_t>(report.counts.at(variables[v].series, p) * scale);
    }
  }
  for (std::size_t p = 0; p < pairs; ++p) {
    result_.cooperation[t * pairs + p] = static_cast<float>(w.pair_cooperation[p]);
    orders_ += report.counts.at(model::PairSeries::orders_to_leave, p) * scale;
    voluntary_ += report.counts.at(model::PairSeries::returns_voluntary, p) * scale;
    forced_ += report.counts.at(model::PairSeries::returns_forced, p) * scale;
    absconded_ += report.counts.at(model::PairSeries::absconded, p) * scale;
  }
  months_to_return_sum_ += static_cast<double>(report.counts.months_to_return_sum) * scale;
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    result_.cooperation_index[t * w.origin_count + o] = static_cast<float>(model::cooperation_index(w, o));
    result_.visa_measure_level[t * w.origin_count + o] = w.policy.visa_level[o];
    result_.assessment_class[t * w.origin_count + o] = w.policy.assessment_class[o];
  }
  result_.events.insert(result_.events.end(), w.policy.events.begin(), w.policy.events.end());
  result_.instrument_cost_eur[t] = w.policy.instrument_cost_eur;
  instrument_cost_ += w.policy.instrument_cost_eur;
  for (std::size_t s = 0; s < w.state_count; ++s) {
    result_.cost_eur[t * w.state_count + s] = report.states.cost_eur[s];
    result_.recorded_orders_to_leave[t * w.state_count + s] = report.states.recorded_orders_to_leave[s];
    result_.recorded_returns[t * w.state_count + s] = report.states.recorded_returns[s];
    cost_ += report.states.cost_eur[s];
    recorded_orders_ += report.states.recorded_orders_to_leave[s];
    recorded_returns_ += report.states.recorded_returns[s];
  }
}

RunResult RunRecorder::finish() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double returns = voluntary_ + forced_;
  Kpis& k = result_.kpis;
  k.return_rate = orders_ > 0 ? returns / orders_ : nan;
  k.voluntary_share = returns > 0 ? voluntary_ / returns : nan;
  k.forced_returns = forced_;
  k.voluntary_returns = voluntary_;
  k.absconded_share = absconded_ + returns > 0 ? absconded_ / (absconded_ + returns) : nan;
  k.mean_months_to_return = returns > 0 ? months_to_return_sum_ / returns : nan;
  k.cost_per_return_eur = returns > 0 ? (cost_ + instrument_cost_) / returns : nan;
  k.recorded_return_rate = recorded_orders_ > 0 ? recorded_returns_ / recorded_orders_ : nan;
  return std::move(result_);
}

RunResult simulate_run(const scenario::Scenario& scenario, const RunInfo& info,
                       std::atomic<std::int64_t>* months_done, const scenario::Scenario* burn_in_world) {
  Simulation simulation(scenario, info.seed, burn_in_world);
  RunRecorder recorder(info, static_cast<std::size_t>(scenario.simulation.months),
                       scenario.origin_countries.size(), scenario.member_states.size());
  simulation.run(&recorder, months_done);
  return recorder.finish();
}

}  // namespace returnsim::engine
