// PostgreSQL's text conventions, reproduced client-side so that definitions
// can be assembled here instead of by the server's costly deparse functions.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::probes {

/// The server's keywords that quote_ident() quotes (all but the unreserved
/// ones), read from pg_get_keywords() so they match the server's release.
using KeywordSet = std::set<std::string, std::less<>>;

/// PostgreSQL's quote_ident(): quoted unless lower-case letters, digits and
/// underscores starting with a letter or underscore, and not a keyword.
std::string quote_ident(std::string_view name, const KeywordSet& keywords);

/// schema.name with both parts quoted as needed.
std::string quote_qualified(std::string_view schema, std::string_view name,
                            const KeywordSet& keywords);

/// A name as the server's deparse functions print it under driftwatch's
/// search_path (pg_catalog only): bare in pg_catalog, schema-qualified elsewhere.
std::string visible_name(std::string_view schema, std::string_view name,
                         const KeywordSet& keywords);

/// An oid[] literal for SQL text: '{1,2,3}'::oid[].
std::string oid_array_literal(const std::vector<long long>& oids);

/// Elements of a one-dimensional array literal ({a,"b c",NULL}); unquoted
/// NULL is a null element. Throws std::invalid_argument on malformed text.
std::vector<std::optional<std::string>> parse_text_array(std::string_view literal);

/// The same, with nulls dropped.
std::vector<std::string> parse_text_array_values(std::string_view literal);

/// The numbers of an int2vector or oidvector in text form ("1 3 0"), or of
/// an array literal's inside with separator ',' ("1,3").
std::vector<long long> parse_number_vector(std::string_view text, char separator = ' ');

/// Storage options as the server prints them in definitions
/// (fillfactor='70', autovacuum_enabled=false): names quoted as identifiers,
/// values as literals unless they are plain identifiers.
std::string render_options(const std::vector<std::string>& options, const KeywordSet& keywords);

/// A string literal: 'it''s'.
std::string quote_literal(std::string_view value);

/// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace driftwatch::probes
