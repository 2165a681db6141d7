#include "returnsim/io/parameter_records.hpp"

#include <limits>
#include <type_traits>

#include "returnsim/scenario/parameters.hpp"

namespace returnsim::io {
namespace {

using scenario::Field;

/// The value of `field` in `object` as a number or a text (choices by name).
template <class T>
void append_value(const Field<T>& field, const T& object, ParameterRecord& record) {
  std::visit(
      [&](auto member) {
        using Member = std::remove_cvref_t<decltype(object.*member)>;
        if constexpr (std::is_same_v<Member, std::string>) {
          record.texts.push_back(object.*member);
        } else if constexpr (std::is_enum_v<Member>) {
          const auto index = static_cast<std::size_t>(object.*member);
          record.texts.emplace_back(index < field.spec.choices.size() ? field.spec.choices[index] : "");
        } else {
          record.numbers.push_back(static_cast<double>(object.*member));
        }
      },
      field.target);
}

template <class T>
ParameterRecord record_of(const std::string& section, const Field<T>& field, std::vector<std::string> dims) {
  ParameterRecord r;
  r.section = section;
  r.key = std::string(field.spec.key);
  r.dims = std::move(dims);
  r.is_text = field.spec.type == scenario::ParamType::text || field.spec.type == scenario::ParamType::choice;
  r.unit = std::string(field.spec.unit);
  r.description = std::string(field.spec.description);
  r.source = std::string(field.spec.source);
  return r;
}

/// One value per field of a single object.
template <class T>
void add_scalars(std::vector<ParameterRecord>& out, const std::string& section, const std::vector<Field<T>>& fields,
                 const T& object) {
  for (const auto& field : fields) {
    ParameterRecord r = record_of(section, field, {});
    append_value(field, object, r);
    out.push_back(std::move(r));
  }
}

/// One value per entity (origin or member state); `id` and `name` are the file's coordinates.
template <class T>
void add_per_entity(std::vector<ParameterRecord>& out, const std::string& section, const std::vector<Field<T>>& fields,
                    const std::vector<T>& objects, const std::string& dim) {
  for (const auto& field : fields) {
    if (field.spec.key == "id" || field.spec.key == "name") continue;
    ParameterRecord r = record_of(section, field, {dim});
    for (const auto& object : objects) append_value(field, object, r);
    out.push_back(std::move(r));
  }
}

}  // namespace

std::vector<ParameterRecord> parameter_records(const scenario::Scenario& s) {
  std::vector<ParameterRecord> out;
  add_scalars(out, "simulation", scenario::simulation_fields(), s.simulation);
  add_per_entity(out, "member_states", scenario::member_state_fields(), s.member_states, "member_state");
  add_per_entity(out, "origin_countries", scenario::origin_country_fields(), s.origin_countries, "origin");
  add_per_entity(out, "eu_agreements", scenario::eu_agreement_fields(), s.origin_countries, "origin");
  // Routes on the dense origin x member state grid; pairs without a route hold NaN or "".
  const std::size_t states = s.member_states.size();
  for (const auto& field : scenario::route_fields()) {
    if (field.spec.key == "origin" || field.spec.key == "member_state") continue;
    ParameterRecord r = record_of("routes", field, {"origin", "member_state"});
    const std::size_t cells = s.origin_countries.size() * states;
    if (r.is_text) r.texts.assign(cells, "");
    else r.numbers.assign(cells, std::numeric_limits<double>::quiet_NaN());
    for (const auto& route : s.routes) {
      ParameterRecord one = record_of("routes", field, {});
      append_value(field, route, one);
      const std::size_t at = route.origin_index * states + route.member_state_index;
      if (r.is_text) r.texts.at(at) = one.texts.at(0);
      else r.numbers.at(at) = one.numbers.at(0);
    }
    out.push_back(std::move(r));
  }
  add_scalars(out, "behaviour", scenario::behaviour_fields(), s.behaviour);
  add_scalars(out, "cooperation", scenario::cooperation_fields(), s.cooperation);
  add_scalars(out, "costs", scenario::costs_fields(), s.costs);
  add_scalars(out, "visa_leverage", scenario::visa_leverage_fields(), s.policies.visa_leverage);
  return out;
}

}  // namespace returnsim::io
