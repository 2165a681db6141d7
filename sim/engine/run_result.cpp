#include "returnsim/engine/run_result.hpp"

#include <limits>

#include "returnsim/model/month.hpp"

namespace returnsim::engine {

const std::vector<OutputVariable>& pair_series_variables() {
  using model::PairSeries;
  constexpr Dims d = Dims::run_month_origin_state;
  // Flows are people per month ("month-1": a count per month); stocks are people ("1").
  constexpr std::string_view flow = "month-1", stock = "1";
  static const std::vector<OutputVariable> v = {
      {"arrivals", d, flow, "asylum applications", "asylum applications lodged, first and after re-migration",
       PairSeries::arrivals, Storage::int32, "", ""},
      {"orders_to_leave", d, flow, "orders to leave issued",
       "orders to leave issued: after a rejected application, a first apprehension in irregular stay or a "
       "re-apprehension (true count, Eurostat migr_eiord)",
       PairSeries::orders_to_leave, Storage::int32, "", ""},
      {"returns_voluntary", d, flow, "voluntary returns", "voluntary departures to the origin country",
       PairSeries::returns_voluntary, Storage::int32, "", ""},
      {"returns_forced", d, flow, "forced returns", "forced removals to the origin country", PairSeries::returns_forced, Storage::int32, "", ""},
      {"absconded", d, flow, "people who absconded", "people with an order to leave who left supervision",
       PairSeries::absconded, Storage::int32, "", ""},
      {"subsequent_applications", d, flow, "subsequent applications",
       "subsequent applications lodged (removal suspended)", PairSeries::subsequent_applications, Storage::int32, "", ""},
      {"identification_requests", d, flow, "identification requests sent",
       "identification requests sent to the origin (cases taken up by casework)", PairSeries::identification_requests, Storage::int32, "", ""},
      {"identified", d, flow, "identification requests answered positively",
       "identification requests answered positively", PairSeries::identified, Storage::int32, "", ""},
      {"identification_refused", d, flow, "identification requests refused",
       "identification requests answered negatively (the case goes back to casework)",
       PairSeries::identification_refused, Storage::int32, "", ""},
      {"identification_withdrawn", d, flow, "identification requests withdrawn",
       "identification requests withdrawn after request_expiry_months without reply",
       PairSeries::identification_withdrawn, Storage::int32, "", ""},
      {"travel_documents_issued", d, flow, "travel documents issued",
       "laissez-passers (travel documents) issued by the origin", PairSeries::travel_documents_issued, Storage::int32, "", ""},
      {"stock_order_to_leave", d, stock, "people holding an order to leave",
       "people holding an order to leave in the state at the end of the month", PairSeries::stock_order_to_leave, Storage::int32, "", ""},
      {"in_detention", d, stock, "people in detention", "people in detention at the end of the month",
       PairSeries::in_detention, Storage::int32, "", ""},
      {"remigrations", d, flow, "re-migrations", "returned people who migrated again (included in arrivals)",
       PairSeries::remigrations, Storage::int32, "", ""},
      {"irregular_apprehensions", d, flow, "first apprehensions in irregular stay",
       "people found in irregular stay for the first time and ordered to leave (included in orders_to_leave)",
       PairSeries::irregular_apprehensions, Storage::int32, "", ""},
      {"reapprehensions", d, flow, "re-apprehensions of absconded people",
       "absconded people apprehended again and given a new order (included in orders_to_leave)",
       PairSeries::reapprehensions, Storage::int32, "", ""},
      {"removals_failed", d, flow, "failed removal attempts",
       "removal attempts that failed (no-show, resistance, refusal at arrival)", PairSeries::removals_failed, Storage::int32, "", ""},
      {"onward_departures", d, flow, "onward departures of absconded people",
       "absconded people who left the EU unrecorded (not returns)", PairSeries::onward_departures, Storage::int32, "", ""},
      {"regularisations", d, flow, "regularisations of absconded people",
       "absconded people who obtained a residence right", PairSeries::regularisations, Storage::int32, "", ""},
      {"stock_absconded", d, stock, "absconded people", "absconded people in the state at the end of the month",
       PairSeries::stock_absconded, Storage::int32, "", ""},
  };
  return v;
}

const std::vector<OutputVariable>& other_variables() {
  using S = Storage;
  const model::PairSeries none{};
  static const std::vector<OutputVariable> v = {
      {"cooperation", Dims::run_month_origin_state, "1", "cooperation of the origin with the member state",
       "share 0..1: the chance an identification request succeeds", none, S::float32, "", ""},
      {"cooperation_index", Dims::run_month_origin, "1", "cooperation index of the origin",
       "share 0..1: mean pair cooperation of the origin over the member states it has routes to", none, S::float32, "", ""},
      {"visa_measure_level", Dims::run_month_origin, "1", "Art. 25a visa measures in force",
       "-1 positive measures, 0 none, 1 restrictive package, 2 escalated (fee increase)", none, S::int8, "-1 0 1 2",
       "positive none restrictive escalated"},
      {"assessment_class", Dims::run_month_origin, "1", "latest Art. 25a assessment class",
       "-1 not assessed, 0 insufficient, 1 average, 2 good", none, S::int8, "-1 0 1 2",
       "not_assessed insufficient average good"},
      {"cost_eur", Dims::run_month_state, "EUR month-1", "return costs of the member state",
       "removals, failed removal attempts, voluntary returns with support, detention, casework", none, S::float64, "", ""},
      {"recorded_orders_to_leave", Dims::run_month_state, "month-1", "orders to leave as recorded",
       "orders to leave as the member state records them (registration practice)", none, S::float64, "", ""},
      {"recorded_returns", Dims::run_month_state, "month-1", "returns as recorded",
       "returns as the member state records them (registration practice)", none, S::float64, "", ""},
      {"instrument_cost_eur", Dims::run_month, "EUR month-1", "cost of the instruments in force",
       "cost of the rewards in force, all actors: partnerships, development aid, trade preferences, visa "
       "facilitation (costs.*_eur_per_month x actor weight x intensity)",
       none, S::float64, "", ""},
      {"return_rate", Dims::run, "1", "return rate", "returns / orders to leave over the horizon (true counts)", none, S::float64, "", ""},
      {"voluntary_share", Dims::run, "1", "voluntary share of returns", "voluntary returns / all returns", none, S::float64, "", ""},
      {"forced_returns", Dims::run, "1", "forced returns", "people returned by force over the horizon", none, S::float64, "", ""},
      {"voluntary_returns", Dims::run, "1", "voluntary returns", "people returned voluntarily over the horizon", none, S::float64, "", ""},
      {"absconded_share", Dims::run, "1", "absconded share of closed cases",
       "absconded / (absconded + returned): share of closed cases that absconded", none, S::float64, "", ""},
      {"mean_months_to_return", Dims::run, "month", "mean time to return",
       "mean months from the order to leave to the return", none, S::float64, "", ""},
      {"cost_per_return_eur", Dims::run, "EUR", "cost per return",
       "all return costs (cost_eur and instrument_cost_eur) / all returns", none, S::float64, "", ""},
      {"recorded_return_rate", Dims::run, "1", "recorded return rate", "recorded returns / recorded orders to leave",
       none, S::float64, "", ""},
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
