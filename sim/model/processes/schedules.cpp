#include "returnsim/model/processes/schedules.hpp"

#include <algorithm>

namespace returnsim::model::processes {

using scenario::ScheduledQuantity;

namespace {
enum class Entities { routes, states, origins };

Entities entities_of(ScheduledQuantity q) {
  switch (q) {
    case ScheduledQuantity::asylum_applications:
    case ScheduledQuantity::irregular_apprehensions: return Entities::routes;
    case ScheduledQuantity::id_capacity: return Entities::origins;
    default: return Entities::states;
  }
}
}  // namespace

void initialise_input_factors(World& w) {
  const scenario::Scenario& s = *w.scenario;
  for (std::size_t q = 0; q < scenario::kScheduledQuantityCount; ++q) {
    std::size_t n = 0;
    switch (entities_of(static_cast<ScheduledQuantity>(q))) {
      case Entities::routes: n = s.routes.size(); break;
      case Entities::states: n = w.state_count; break;
      case Entities::origins: n = w.origin_count; break;
    }
    w.inputs.factor[q].assign(n, 1.0);
  }
}

void apply_schedules(World& w, int month) {
  const scenario::Scenario& s = *w.scenario;
  for (auto& f : w.inputs.factor) std::fill(f.begin(), f.end(), 1.0);
  if (month < 0) return;
  for (const auto& entry : s.schedules) {
    if (month < entry.from_month || (entry.to_month >= 0 && month >= entry.to_month)) continue;
    std::vector<double>& factor = w.inputs.factor[static_cast<std::size_t>(entry.quantity)];
    switch (entities_of(entry.quantity)) {
      case Entities::routes:
        for (std::size_t r = 0; r < s.routes.size(); ++r) {
          const auto& route = s.routes[r];
          if (entry.origin_index >= 0 && route.origin_index != static_cast<std::size_t>(entry.origin_index)) continue;
          if (entry.state_index >= 0 && route.member_state_index != static_cast<std::size_t>(entry.state_index)) continue;
          factor[r] *= entry.factor;
        }
        break;
      case Entities::states:
        for (std::size_t st = 0; st < w.state_count; ++st) {
          if (entry.state_index < 0 || st == static_cast<std::size_t>(entry.state_index)) factor[st] *= entry.factor;
        }
        break;
      case Entities::origins:
        for (std::size_t o = 0; o < w.origin_count; ++o) {
          if (entry.origin_index < 0 || o == static_cast<std::size_t>(entry.origin_index)) factor[o] *= entry.factor;
        }
        break;
    }
  }
}

}  // namespace returnsim::model::processes
