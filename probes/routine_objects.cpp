// Functions, procedures and aggregates from pg_proc. A routine's identity
// carries its argument types, so overloads are distinct objects.
#include "probes/catalog_objects.h"
#include "probes/object_builder.h"

namespace driftwatch::probes {
namespace {

using schema::Kind;

Kind routine_kind(std::string_view prokind) {
  if (prokind == "p") return Kind::procedure;
  if (prokind == "a") return Kind::aggregate;
  return Kind::function;  // 'f', and 'w' (window functions)
}

std::optional<std::string_view> aggregate_kind(std::string_view code) {
  if (code == "o") return "ordered-set";
  if (code == "h") return "hypothetical-set";
  return std::nullopt;  // 'n', a normal aggregate
}

}  // namespace

void routine_objects(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_name = rows.column("proname");
  const auto c_args = rows.column("args");
  const auto c_kind = rows.column("prokind");
  const auto c_definition = rows.column("definition");
  const auto c_arguments = rows.column("arguments");
  const auto c_returns = rows.column("returns");
  const OwnershipColumns ownership(rows);
  const auto c_aggkind = rows.column("aggkind");
  const auto c_transition = rows.column("transition_function");
  const auto c_state_type = rows.column("state_type");
  const auto c_final = rows.column("final_function");
  const auto c_combine = rows.column("combine_function");
  const auto c_initial = rows.column("initial_value");
  const auto c_sort_operator = rows.column("sort_operator");
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const Kind kind = routine_kind(rows.text(r, c_kind));
    auto object =
        make_object(kind, {std::string(rows.text(r, c_nsp)), std::string(rows.text(r, c_name))},
                    std::string(rows.text(r, c_args)));
    set_ownership(object, rows, r, ownership);
    if (kind == Kind::aggregate) {
      // pg_get_functiondef() refuses aggregates; record what CREATE AGGREGATE says.
      set_if_present(object, "arguments", rows.optional_text(r, c_arguments));
      set_if_present(object, "returns", rows.optional_text(r, c_returns));
      set_if_present(object, "aggregate_kind", aggregate_kind(rows.text(r, c_aggkind)));
      set_if_present(object, "transition_function", rows.optional_text(r, c_transition));
      set_if_present(object, "state_type", rows.optional_text(r, c_state_type));
      set_if_present(object, "final_function", rows.optional_text(r, c_final));
      set_if_present(object, "combine_function", rows.optional_text(r, c_combine));
      set_if_present(object, "initial_value", rows.optional_text(r, c_initial));
      set_if_present(object, "sort_operator", rows.optional_text(r, c_sort_operator));
    } else {
      set_if_present(object, "definition", rows.optional_text(r, c_definition));
    }
    out.push_back(std::move(object));
  }
}

}  // namespace driftwatch::probes
