// Catalog rows to schema objects, one function per query. Pure: each reads a
// ResultTable (and what earlier queries put in the context) and appends objects.
#pragma once

#include <vector>

#include "probes/catalog_context.h"
#include "probes/result_table.h"
#include "probes/schema/object.h"

namespace driftwatch::probes {

using schema::SchemaObject;
using Objects = std::vector<SchemaObject>;

void schema_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void extension_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void relation_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void column_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void constraint_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void index_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void routine_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void trigger_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void type_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void policy_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
void rule_objects(const ResultTable& rows, CatalogContext& context, Objects& out);
/// Adds view and materialized view definitions to the objects relation_objects made.
void view_definitions(const ResultTable& rows, CatalogContext& context, Objects& out);

}  // namespace driftwatch::probes
