#include "returnsim/engine/run_result.hpp"

#include <limits>
#include <string>

#include "returnsim/util/errors.hpp"

#include "returnsim/model/month.hpp"

namespace returnsim::engine {

std::size_t values_per_run(Dims d, std::size_t months, std::size_t origins, std::size_t states) noexcept {
  switch (d) {
    case Dims::run: return 1;
    case Dims::run_month: return months;
    case Dims::run_month_origin: return months * origins;
    case Dims::run_month_state: return months * states;
    case Dims::run_month_origin_state: return months * origins * states;
  }
  return 0;
}

std::vector<std::string_view> dimension_names(Dims d) {
  switch (d) {
    case Dims::run: return {"run"};
    case Dims::run_month: return {"run", "month"};
    case Dims::run_month_origin: return {"run", "month", "origin"};
    case Dims::run_month_state: return {"run", "month", "member_state"};
    case Dims::run_month_origin_state: return {"run", "month", "origin", "member_state"};
  }
  return {};
}

std::string_view storage_name(Storage s) noexcept {
  switch (s) {
    case Storage::int32: return "int32";
    case Storage::int8: return "int8";
    case Storage::float32: return "float32";
    case Storage::float64: return "float64";
    case Storage::int64: return "int64";
    case Storage::text: return "string";
  }
  return "";
}

Storage storage_of(const OutputVariable& v) noexcept {
  switch (v.values.index()) {
    case 0: return Storage::int32;    // a model count, people
    case 1: return Storage::float32;
    case 2: return Storage::int8;
    default: return Storage::float64;  // double series and KPIs
  }
}

const std::vector<OutputVariable>& output_variables() {
  using model::PairSeries;
  using R = RunResult;
  constexpr Dims pair = Dims::run_month_origin_state, origin = Dims::run_month_origin, state = Dims::run_month_state;
  // Flows are people per month ("month-1": a count per month); stocks and totals are people ("1").
  constexpr std::string_view flow = "month-1", stock = "1";
  static const std::vector<OutputVariable> v = [&] {
    std::vector<OutputVariable> t = {
        {"arrivals", pair, flow, "asylum applications", "asylum applications lodged, first and after re-migration",
         PairSeries::arrivals},
        {"orders_to_leave", pair, flow, "orders to leave issued",
         "orders to leave issued: after a rejected application, a first apprehension in irregular stay or a "
         "re-apprehension (true count; Eurostat migr_eiord counts them as recorded)",
         PairSeries::orders_to_leave},
        {"returns_voluntary", pair, flow, "voluntary returns", "voluntary departures to the origin country",
         PairSeries::returns_voluntary},
        {"returns_forced", pair, flow, "forced returns", "removals to the origin country", PairSeries::returns_forced},
        {"absconded", pair, flow, "people who absconded", "people with an order to leave who left supervision",
         PairSeries::absconded},
        {"subsequent_applications", pair, flow, "subsequent applications",
         "subsequent applications lodged (removal suspended)", PairSeries::subsequent_applications},
        {"identification_requests", pair, flow, "identification requests sent",
         "requests sent to the origin (undocumented cases taken up by casework; documented ones need none)",
         PairSeries::identification_requests},
        {"identified", pair, flow, "identification requests answered positively", "positive answers",
         PairSeries::identified},
        {"identification_refused", pair, flow, "identification requests refused",
         "negative answers (the case goes back to casework)", PairSeries::identification_refused},
        {"identification_withdrawn", pair, flow, "identification requests withdrawn",
         "requests withdrawn after request_expiry_months without reply", PairSeries::identification_withdrawn},
        {"travel_documents_issued", pair, flow, "travel documents issued",
         "laissez-passers issued by the origin (not counted: a return on the person's own passport)",
         PairSeries::travel_documents_issued},
        {"stock_order_to_leave", pair, stock, "people holding an order to leave",
         "end of month: people with an order to leave in the state", PairSeries::stock_order_to_leave},
        {"in_detention", pair, stock, "people in detention", "end of month: detained people", PairSeries::in_detention},
        {"remigrations", pair, flow, "re-migrations", "returned people who migrated again (part of arrivals)",
         PairSeries::remigrations},
        {"irregular_apprehensions", pair, flow, "first apprehensions in irregular stay",
         "people found in irregular stay for the first time and ordered to leave (part of orders_to_leave)",
         PairSeries::irregular_apprehensions},
        {"reapprehensions", pair, flow, "re-apprehensions of absconded people",
         "absconded people apprehended again and given a new order (part of orders_to_leave)",
         PairSeries::reapprehensions},
        {"removals_failed", pair, flow, "failed removal attempts",
         "removal attempts that failed (no-show, resistance, refusal at arrival); the slot was used",
         PairSeries::removals_failed},
        {"onward_departures", pair, flow, "onward departures of absconded people",
         "absconded people who left the EU unrecorded (not returns)", PairSeries::onward_departures},
        {"regularisations", pair, flow, "regularisations of absconded people",
         "absconded people who obtained a residence right", PairSeries::regularisations},
        {"stock_absconded", pair, stock, "absconded people", "end of month: absconded people in the state",
         PairSeries::stock_absconded},
        {"cooperation", pair, "1", "cooperation of the origin with the member state",
         "share 0..1: the chance an identification request succeeds; requests and answers are counted on the pair "
         "of the country that answers (the person's origin, or its transit country under a third-country-national "
         "clause), returns on the person's own origin",
         &R::cooperation},
        {"cooperation_index", origin, "1", "cooperation index of the origin",
         "share 0..1: mean pair cooperation over the member states the origin has routes to", &R::cooperation_index},
        {"visa_measure_level", origin, "1", "Art. 25a visa measures in force",
         "-1 positive measures, 0 none, 1 restrictive package, 2 escalated (fee increase)", &R::visa_measure_level,
         "-1 0 1 2", "positive none restrictive escalated"},
        {"assessment_class", origin, "1", "latest Art. 25a assessment class",
         "-1 not assessed, 0 insufficient, 1 average, 2 good", &R::assessment_class, "-1 0 1 2",
         "not_assessed insufficient average good"},
        {"cost_eur", state, "EUR month-1", "return costs of the member state",
         "removals x forced_return_eur + failed attempts x failed_removal_eur + voluntary returns x "
         "(voluntary_return_eur + avrr_support_eur) + detained person-months x detention_eur_per_month + "
         "identification requests x casework_eur_per_case",
         &R::cost_eur},
        {"recorded_orders_to_leave", state, flow, "orders to leave as recorded",
         "orders x (1 + registration.order_overcount): what the member state records", &R::recorded_orders_to_leave},
        {"recorded_returns", state, flow, "returns as recorded",
         "returns x (1 - registration.return_undercount): what the member state records", &R::recorded_returns},
        {"instrument_cost_eur", Dims::run_month, "EUR month-1", "cost of the instruments in force",
         "the rewards in force, all actors: per incentive with intensity above 0, actor weight x intensity x "
         "costs.<kind>_eur_per_month; Art. 25a positive measures x eu_weight x positive_intensity x "
         "costs.visa_facilitation_eur_per_month; sanctions cost nothing in money",
         &R::instrument_cost_eur},
        {"return_rate", Dims::run, "1", "return rate",
         "(voluntary + forced returns) / orders to leave over the reported horizon (Eurostat's definition; the "
         "burn-in is not included); NaN without orders",
         &Kpis::return_rate},
        {"voluntary_share", Dims::run, "1", "voluntary share of returns", "voluntary / all returns",
         &Kpis::voluntary_share},
        {"forced_returns", Dims::run, "1", "forced returns", "people returned by force over the horizon",
         &Kpis::forced_returns},
        {"voluntary_returns", Dims::run, "1", "voluntary returns", "people returned voluntarily over the horizon",
         &Kpis::voluntary_returns},
        {"absconded_share", Dims::run, "1", "absconded share of closed cases",
         "absconded / (absconded + returned): share of closed cases that absconded", &Kpis::absconded_share},
        {"mean_months_to_return", Dims::run, "month", "mean time to return",
         "months from the latest order to the return, mean over the reported returns (orders given during the "
         "burn-in count from their own month)",
         &Kpis::mean_months_to_return},
        {"cost_per_return_eur", Dims::run, "EUR", "cost per return",
         "all costs (cost_eur and instrument_cost_eur) / all returns", &Kpis::cost_per_return_eur},
        {"recorded_return_rate", Dims::run, "1", "recorded return rate",
         "recorded returns / recorded orders: what the EU sees", &Kpis::recorded_return_rate},
    };
    return t;
  }();
  return v;
}

const OutputVariable& variable_of(model::PairSeries series) {
  for (const auto& v : output_variables()) {
    if (const auto* s = std::get_if<model::PairSeries>(&v.values); s && *s == series) return v;
  }
  throw ModelError("no output variable writes model count " + std::to_string(static_cast<int>(series)));
}

const std::vector<EventColumn>& policy_event_columns() {
  using K = model::PolicyEventKind;
  using S = Storage;
  static const std::vector<EventColumn> columns = {
      {"row", S::int64, "1", "event number", "event number within this file (the dimension)"},
      {"run", S::int64, "1", "run index", "run index (the root `run` coordinate)"},
      {"policy", S::text, "", "policy of the run", "policy (set of levers) of the run, as the root `policy`"},
      {"month", S::int32, "1", "month of the decision", "month index of the decision (the root `month` coordinate)"},
      {"origin", S::text, "", "origin country id", "origin country id"},
      {"member_state", S::text, "", "member state id", "member state id, or EU for a decision of the EU as a whole"},
      {"event", S::text, "", "kind of decision",
       "assessed, proposed, adopted, not_adopted, withdrawn, lifted, agreement_started, eu_agreement_started, "
       "incentive_started, incentive_ended"},
      {"assessment_class", S::int8, "1", "Art. 25a assessment class", "assessed: the class given", "0 1 2",
       "insufficient average good", {K::assessed}},
      {"assessment_score", S::float64, "1", "Art. 25a assessment score", "assessed: the score 0..1 behind the class",
       "", "", {}, {K::assessed}},
      {"visa_measure_level", S::int8, "1", "Art. 25a visa level",
       "proposed: the level proposed; adopted, not_adopted, withdrawn: the level decided on; lifted: the level now "
       "in force",
       "-1 0 1 2", "positive none restrictive escalated", {K::proposed, K::adopted, K::not_adopted, K::withdrawn, K::lifted}},
      {"bilateral_agreement", S::int8, "1", "bilateral readmission arrangement", "agreement_started: the arrangement now in force",
       "0 1 2", "none non_binding binding", {K::agreement_started}},
      {"eu_agreement", S::int8, "1", "EU readmission arrangement", "eu_agreement_started: the arrangement now in force",
       "0 1 2", "none informal eura", {K::eu_agreement_started}},
      {"tcn_clause", S::int8, "1", "third-country-national clause",
       "eu_agreement_started: 1 when the arrangement has a third-country-national clause", "0 1", "no yes", {},
       {K::eu_agreement_started}},
      {"incentive_kind", S::int8, "1", "kind of incentive", "incentive_started, incentive_ended: what is offered or withheld",
       "0 1 2 3", "partnership development_aid trade_preferences visa_facilitation",
       {K::incentive_started, K::incentive_ended}},
      {"intensity", S::float64, "1", "incentive intensity",
       "incentive_started, incentive_ended: -1..1, above 0 a reward, below 0 a sanction", "", "", {},
       {K::incentive_started, K::incentive_ended}},
  };
  return columns;
}

const std::vector<std::string_view>& kpi_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n;
    for (const auto& v : output_variables()) {
      if (std::holds_alternative<double Kpis::*>(v.values)) n.push_back(v.name);
    }
    return n;
  }();
  return names;
}

void RunResult::size_series() {
  pair_series.resize(model::kPairSeriesCount);
  for (const auto& v : output_variables()) {
    visit_values(v, *this, [&](auto& values) {
      if constexpr (!std::is_same_v<std::remove_reference_t<decltype(values)>, double>) {
        values.assign(values_per_run(v.dims, months, origins, states), {});
      }
    });
  }
}

RunRecorder::RunRecorder(RunInfo info, std::size_t months, std::size_t origins, std::size_t states) {
  result_.info = std::move(info);
  result_.months = months;
  result_.origins = origins;
  result_.states = states;
  result_.size_series();
}

void RunRecorder::on_month(const MonthReport& report) {
  const std::size_t t = report.month;
  if (t >= result_.months) return;
  const model::World& w = report.world;
  const std::size_t pairs = w.pair_count();
  const double scale = report.agent_scale;
  for (std::size_t series = 0; series < model::kPairSeriesCount; ++series) {
    std::int32_t* out = result_.pair_series[series].data() + t * pairs;
    for (std::size_t p = 0; p < pairs; ++p) {
      out[p] = static_cast<std::int32_t>(report.counts.at(static_cast<model::PairSeries>(series), p) * scale);
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

namespace {
/// The rest of `simulation`, recorded as `info`'s run of `scenario`.
RunResult recorded(Simulation& simulation, const scenario::Scenario& scenario, const RunInfo& info,
                   std::atomic<std::int64_t>* months_done) {
  RunRecorder recorder(info, static_cast<std::size_t>(scenario.simulation.months),
                       scenario.origin_countries.size(), scenario.member_states.size());
  simulation.run(&recorder, months_done);
  return recorder.finish();
}
}  // namespace

RunResult simulate_run(const scenario::Scenario& scenario, const RunInfo& info,
                       std::atomic<std::int64_t>* months_done, const scenario::Scenario* burn_in_world) {
  Simulation simulation(scenario, info.seed, burn_in_world);
  return recorded(simulation, scenario, info, months_done);
}

RunResult simulate_run_from(const Simulation& burnt_in, const scenario::Scenario& scenario, const RunInfo& info,
                            std::atomic<std::int64_t>* months_done) {
  Simulation simulation(burnt_in, scenario);
  return recorded(simulation, scenario, info, months_done);
}

}  // namespace returnsim::engine
