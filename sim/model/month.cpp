#include "returnsim/model/month.hpp"

namespace returnsim::model {

void prepare_month(processes::MonthContext& ctx, const World& world, std::uint64_t run_seed, std::uint32_t draw_month,
                   std::int32_t month) {
  ctx.world = &world;
  ctx.run_seed = run_seed;
  ctx.draw_month = draw_month;
  ctx.month = month;
  processes::prepare_asylum(ctx, world);
  processes::prepare_choices(ctx, world);
  processes::prepare_pipeline(ctx, world);
  processes::prepare_absconded(ctx, world);
  processes::prepare_reintegration(ctx, world);
  // The scheduled events' waits (month.hpp, event_waits).
  ctx.asylum_decision_waits = GeometricWaits(ctx.asylum_decision_probability);
  auto waits = [](const auto& per_state, auto probability, std::vector<GeometricWaits>& out) {
    out.clear();
    for (const auto& x : per_state) out.emplace_back(probability(x));
  };
  waits(ctx.absconded, [](const processes::AbscondedOdds& o) { return o.movement; }, ctx.absconded_waits);
  waits(ctx.remigration_voluntary, [](double p) { return p; }, ctx.remigration_voluntary_waits);
  waits(ctx.remigration_forced, [](double p) { return p; }, ctx.remigration_forced_waits);
}

double cooperation_index(const World& w, std::size_t o) noexcept {
  double sum = 0, n = 0;
  for (std::size_t s = 0; s < w.state_count; ++s) {
    if (w.pair_route[w.pair(o, s)] < 0) continue;
    sum += w.pair_cooperation[w.pair(o, s)];
    n += 1;
  }
  if (n == 0) {
    for (std::size_t s = 0; s < w.state_count; ++s) sum += w.pair_cooperation[w.pair(o, s)];
    n = static_cast<double>(w.state_count);
  }
  return n > 0 ? sum / n : 0.0;
}

}  // namespace returnsim::model
